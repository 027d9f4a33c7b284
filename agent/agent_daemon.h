/*  agent_daemon.h - `regie run`: the partner's agent daemon.

    One zloop drives everything: the DEALER to the hub (agent_link), its
    connection monitor, a timer that resends unreceipted messages and ends
    waits, and the control socket DIR/agent.sock: a plain unix stream socket
    (mode 0600 in a 0700 directory; peers with another uid are refused via
    SO_PEERCRED) that speaks JSON lines: one request object per line in, one
    response object per line out (agent_commands.h). A request that sends
    something is answered when the hub's receipt, refusal or answer arrives,
    or when its wait runs out; several may be in flight on one connection
    (echo a "tag" to match them). With web/listen set, the web view
    (agent_web.h) is one more poller in the same loop.

    A lock on DIR/agent.lock keeps a second daemon off the same directory.
    SIGTERM and SIGINT stop the loop; everything acknowledged is in agent.db
    already, so stopping at any moment (even SIGKILL) loses nothing.
*/
#ifndef AGENT_DAEMON_H_INCLUDED
#define AGENT_DAEMON_H_INCLUDED

#include <stddef.h>

/*  Runs the daemon for dir in the foreground; returns the exit code.       */
int agent_daemon_run (const char *dir);

/*  Client side: sends one request line to the daemon at sock_path and reads
    one response line (*response, caller frees). Returns 0, -1 when no
    daemon listens there, -2 when the daemon did not answer in timeout_ms.  */
int agent_daemon_call (const char *sock_path, const char *request, char **response, int timeout_ms);

#endif
