/*  proto_file.c - durable files: temporary file, fsync, link or rename,
    directory fsync (see proto_file.h for why each step is there).          */
#include "proto_file.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/*  The directory that holds path, in dir (PATH_MAX). 0, or -1 (too long).  */
static int
s_dir_of (const char *path, char *dir)
{
    size_t end = strlen (path);
    while (end > 1 && path [end - 1] == '/')      /* "a/b/" names b         */
        end--;
    const char *slash = NULL;
    for (size_t i = 0; i < end; i++)
        if (path [i] == '/')
            slash = path + i;
    if (!slash) {
        snprintf (dir, PATH_MAX, ".");
        return 0;
    }
    size_t len = slash == path ? 1 : (size_t) (slash - path);
    if (len >= PATH_MAX) {
        errno = ENAMETOOLONG;
        return -1;
    }
    memcpy (dir, path, len);
    dir [len] = '\0';
    return 0;
}

int
proto_file_sync_dir (const char *path)
{
    char dir [PATH_MAX];
    if (s_dir_of (path, dir) != 0)
        return -1;
    int fd = open (dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0)
        return -1;
    int rc = fsync (fd);
    int saved = errno;
    close (fd);
    errno = saved;
    return rc;
}

/*  Writes all of data to fd, through EINTR. 0 or -1.                        */
static int
s_write_all (int fd, const unsigned char *data, size_t size)
{
    size_t done = 0;
    while (done < size) {
        ssize_t n = write (fd, data + done, size - done);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0)
            return -1;
        done += (size_t) n;
    }
    return 0;
}

int
proto_file_write (const char *path, const void *data, size_t size, mode_t mode,
                  proto_file_how_t how)
{
    const char *slash = strrchr (path, '/');
    const char *base = slash ? slash + 1 : path;
    char tmp [PATH_MAX];
    if (!*base || (size_t) snprintf (tmp, sizeof tmp, "%.*s.%s.tmp-%ld",
                                     (int) (base - path), path, base, (long) getpid ())
                  >= sizeof tmp) {
        errno = *base ? ENAMETOOLONG : EINVAL;
        return -1;
    }
    if (how == PROTO_FILE_NEW) {
        struct stat st;
        if (lstat (path, &st) == 0) {
            errno = EEXIST;
            return -1;
        }
    }
    /* one left by a cut of an earlier process with our pid is ours to drop */
    int fd = open (tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, mode);
    if (fd < 0 && errno == EEXIST && unlink (tmp) == 0)
        fd = open (tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, mode);
    if (fd < 0)
        return -1;
    int rc = fchmod (fd, mode) != 0 || s_write_all (fd, data, size) != 0 || fsync (fd) != 0
           ? -1 : 0;
    int saved = errno;
    if (close (fd) != 0 && rc == 0) {
        rc = -1;
        saved = errno;
    }
    if (rc == 0) {
        /* link refuses an existing name, which rename would replace        */
        rc = how == PROTO_FILE_NEW ? link (tmp, path) : rename (tmp, path);
        saved = errno;
    }
    if (how == PROTO_FILE_NEW || rc != 0)
        unlink (tmp);
    if (rc == 0 && proto_file_sync_dir (path) != 0) {
        saved = errno;
        rc = -1;
        if (how == PROTO_FILE_NEW)
            unlink (path);
    }
    errno = saved;
    return rc;
}

int
proto_file_remove (const char *path)
{
    if (unlink (path) != 0)
        return -1;
    return proto_file_sync_dir (path);
}

int
proto_file_mkdir (const char *path, mode_t mode)
{
    if (mkdir (path, mode) != 0)
        return -1;
    /* the new name in the parent, before anything is created in it         */
    return proto_file_sync_dir (path);
}
