/*  test_file.c - durable files (proto_file.h): a new file never replaces
    one, a replacement does, the mode is exact whatever the umask, nothing
    temporary is left, a failure leaves the name as it was. That each step
    reaches the disk is proved under a power cut: tests/powerloss/files.sh.
*/
#include "testing.h"
#include "proto_file.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/*  The content of path in buf (at most size - 1 bytes, terminated).        */
static const char *
s_read (const char *path, char *buf, size_t size)
{
    buf [0] = 0;
    int fd = open (path, O_RDONLY);
    if (fd < 0)
        return "(missing)";
    ssize_t n = read (fd, buf, size - 1);
    close (fd);
    buf [n > 0 ? n : 0] = 0;
    return buf;
}

/*  How many names in dir begin with '.' (not . and ..): left temporaries.  */
static int
s_dot_files (const char *dir)
{
    DIR *d = opendir (dir);
    int n = 0;
    struct dirent *e;
    while (d && (e = readdir (d)))
        if (e->d_name [0] == '.' && strcmp (e->d_name, ".") && strcmp (e->d_name, ".."))
            n++;
    if (d)
        closedir (d);
    return n;
}

static void
test_new_and_replace (void)
{
    char path [512], buf [64];
    snprintf (path, sizeof path, "%s/partner.cert", test_tmpdir ());
    mode_t old = umask (077);
    CHECK_INT (proto_file_write (path, "first\n", 6, 0644, PROTO_FILE_NEW), 0);
    umask (old);
    CHECK_STR (s_read (path, buf, sizeof buf), "first\n");
    struct stat st;
    CHECK_INT (stat (path, &st), 0);
    CHECK_INT (st.st_mode & 0777, 0644);                 /* not narrowed     */
    //  A new file never goes over an existing one
    CHECK_INT (proto_file_write (path, "second\n", 7, 0600, PROTO_FILE_NEW), -1);
    CHECK_INT (errno, EEXIST);
    CHECK_STR (s_read (path, buf, sizeof buf), "first\n");
    //  A replacement does
    CHECK_INT (proto_file_write (path, "third\n", 6, 0600, PROTO_FILE_REPLACE), 0);
    CHECK_STR (s_read (path, buf, sizeof buf), "third\n");
    CHECK_INT (stat (path, &st), 0);
    CHECK_INT (st.st_mode & 0777, 0600);
    CHECK_INT (s_dot_files (test_tmpdir ()), 0);
    //  An empty file is a file
    snprintf (path, sizeof path, "%s/empty", test_tmpdir ());
    CHECK_INT (proto_file_write (path, "", 0, 0600, PROTO_FILE_NEW), 0);
    CHECK_INT (stat (path, &st), 0);
    CHECK_INT (st.st_size, 0);
}

static void
test_failures_leave_nothing (void)
{
    char path [512], buf [64];
    //  A directory that is not there
    snprintf (path, sizeof path, "%s/none/x", test_tmpdir ());
    CHECK_INT (proto_file_write (path, "x", 1, 0600, PROTO_FILE_NEW), -1);
    CHECK_INT (errno, ENOENT);
    //  No name at all
    snprintf (path, sizeof path, "%s/", test_tmpdir ());
    CHECK_INT (proto_file_write (path, "x", 1, 0600, PROTO_FILE_NEW), -1);
    //  A name that is a directory: the replacement fails, the directory stays
    snprintf (path, sizeof path, "%s/sub", test_tmpdir ());
    CHECK_INT (proto_file_mkdir (path, 0700), 0);
    CHECK_INT (proto_file_mkdir (path, 0700), -1);
    CHECK_INT (errno, EEXIST);
    CHECK_INT (proto_file_write (path, "x", 1, 0600, PROTO_FILE_REPLACE), -1);
    struct stat st;
    CHECK_INT (stat (path, &st), 0);
    CHECK (S_ISDIR (st.st_mode));
    CHECK_INT (s_dot_files (test_tmpdir ()), 0);
    //  A removal, and a removal of what is not there
    snprintf (path, sizeof path, "%s/sub/gone", test_tmpdir ());
    CHECK_INT (proto_file_write (path, "x", 1, 0600, PROTO_FILE_NEW), 0);
    CHECK_INT (proto_file_remove (path), 0);
    CHECK_STR (s_read (path, buf, sizeof buf), "(missing)");
    CHECK_INT (proto_file_remove (path), -1);
    CHECK_INT (errno, ENOENT);
    //  A path relative to the working directory syncs "."
    CHECK_INT (proto_file_sync_dir ("relative-name"), 0);
}

void
suite_file (void)
{
    TEST_RUN ("file", test_new_and_replace);
    TEST_RUN ("file", test_failures_leave_nothing);
}
