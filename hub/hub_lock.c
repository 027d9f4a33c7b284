/*  hub_lock.c - see hub_lock.h.                                            */
#include "hub_lock.h"
#include "proto_lang.h"
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <unistd.h>

struct hub_lock_t {
    int fd;
};

hub_lock_t *
hub_lock_take (const char *store_path, char *err, size_t errlen)
{
    char path [4096];
    if ((size_t) snprintf (path, sizeof path, "%s.lock", store_path) >= sizeof path) {
        snprintf (err, errlen, _("the store's path is too long for its lock file"));
        return NULL;
    }
    int fd = open (path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
    if (fd < 0) {
        snprintf (err, errlen, _("cannot open the lock file %s: %s"), path, strerror (errno));
        return NULL;
    }
    if (flock (fd, LOCK_EX | LOCK_NB) != 0) {
        int e = errno;
        char text [32] = "";
        ssize_t n = pread (fd, text, sizeof text - 1, 0);
        text [n > 0 ? n : 0] = 0;
        text [strcspn (text, "\n")] = 0;
        if (e == EWOULDBLOCK)
            snprintf (err, errlen, _("a hub is running on this store (pid %s, lock %s); stop it first"),
                      text [0] ? text : _("unknown"), path);
        else
            snprintf (err, errlen, _("cannot lock %s: %s"), path, strerror (e));
        close (fd);
        return NULL;
    }
    hub_lock_t *self = (hub_lock_t *) calloc (1, sizeof *self);
    if (!self) {
        snprintf (err, errlen, "%s", _("out of memory"));
        close (fd);
        return NULL;
    }
    self->fd = fd;
    char text [32];
    int len = snprintf (text, sizeof text, "%ld\n", (long) getpid ());
    /* the pid is only a hint for the message above: failing to write it
       changes nothing about the lock                                        */
    if (ftruncate (fd, 0) == 0 && pwrite (fd, text, (size_t) len, 0) != len)
        (void) 0;
    return self;
}

void
hub_lock_release (hub_lock_t **self_p)
{
    if (!self_p || !*self_p)
        return;
    hub_lock_t *self = *self_p;
    /* the pid goes first, so that a reader never sees a stale one as held  */
    if (ftruncate (self->fd, 0) != 0)
        (void) 0;
    flock (self->fd, LOCK_UN);
    close (self->fd);
    free (self);
    *self_p = NULL;
}
