#!/usr/bin/env python3
"""model.py - one step of the harness's self-test: file operations on DIR,
run under the power-cut library with POWERCUT_AT_EXIT=1 by selftest.sh,
which then looks at what the cut left.

    python3 model.py DIR STEP
"""
import ctypes, os, sys

d, step = sys.argv[1], sys.argv[2]
f = os.path.join(d, "f")


def put(path, data, sync=True, flags=os.O_WRONLY):
    fd = os.open(path, flags | os.O_CREAT, 0o644)
    os.write(fd, data)
    if sync:
        os.fsync(fd)
    os.close(fd)


def dirsync():
    fd = os.open(d, os.O_RDONLY)
    os.fsync(fd)
    os.close(fd)


if step == "setup":                 # not under the library
    put(f, b"A" * 5000, flags=os.O_WRONLY | os.O_TRUNC)
elif step == "write":               # unsynced overwrite
    put(f, b"B" * 5000, sync=False)
elif step == "write-sync":
    put(f, b"C" * 5000)
elif step == "write-sync2":         # two synced writes, one after the other
    put(f, b"C" * 5000)
    put(f, b"E" * 6000)
elif step == "append":              # unsynced growth
    put(f, b"D" * 3000, sync=False, flags=os.O_WRONLY | os.O_APPEND)
elif step == "truncate":            # unsynced truncation
    fd = os.open(f, os.O_WRONLY)
    os.ftruncate(fd, 100)
    os.close(fd)
elif step == "create":              # the file synced, its directory not
    put(f + "2", b"N")
elif step == "create-dirsync":
    put(f + "2", b"N")
    dirsync()
elif step == "rename":              # replace by rename, directory not synced
    put(f + ".tmp", b"R" * 10)
    os.rename(f + ".tmp", f)
elif step == "rename-dirsync":
    put(f + ".tmp", b"R" * 10)
    os.rename(f + ".tmp", f)
    dirsync()
elif step == "unlink":
    os.unlink(f)
elif step in ("stdio", "stdio-sync"):  # through C stdio: fopen, fwrite, fclose
    libc = ctypes.CDLL(None)
    libc.fopen.restype = ctypes.c_void_p
    libc.fopen.argtypes = [ctypes.c_char_p, ctypes.c_char_p]
    for name in ("fwrite", "fflush", "fclose", "fileno"):
        getattr(libc, name).argtypes = [ctypes.c_char_p, ctypes.c_size_t, ctypes.c_size_t,
                                        ctypes.c_void_p] if name == "fwrite" else [ctypes.c_void_p]
    s = libc.fopen(f.encode(), b"w")
    libc.fwrite(b"S" * 100, 1, 100, s)
    if step == "stdio-sync":
        libc.fflush(s)
        os.fsync(libc.fileno(s))
    libc.fclose(s)
    dirsync()
