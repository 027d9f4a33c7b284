/*  web_household.h - Mijn huishoudens and Huishouden: a casemanager's
    caseload and one household of it, in the web view.

      households  /huishoudens[?q=...]: every household this partner holds
                  regie over (web_caseload.h) with her label and the names
                  she keeps, its phase, next round, agreements overdue and
                  newest signal; q searches label and names.
      household   /huishouden/KEY: the household as she knows it - label and
                  names (editable: POST to the same address), members and
                  addresses (short references), phase, rounds, agreements
                  with their status in words, and one timeline newest first
                  of signals (sender, date, leefgebied, severity, text),
                  rounds, agreements, escalations and the hub's notices.

    Who may see them: people with the role casemanager or teamleider of
    this agent. The hub knows a casemanager as a partner (its agent); the
    people working in that agent are her team and see its households. A
    person with another role gets a refusal; a key that is no household
    held here gets the same page as an unknown one.

    Every parameter is checked here against its limit (the search at most
    AGENT_WEB_SEARCH_BYTES of one line of text, a label 1 to
    AGENT_MAX_LABEL_BYTES, names at most AGENT_MAX_NAMES_BYTES, a key "p"
    or "a" and AGENT_WEB_CASE_KEY_HEX hex); an error is shown next to its
    field and nothing is changed.
*/
#ifndef WEB_HOUSEHOLD_H_INCLUDED
#define WEB_HOUSEHOLD_H_INCLUDED

#include "web_caseload.h"
#include "web_pages.h"

/*  Whether a person with role may see households.                          */
bool web_household_role_ok (const char *role);

/*  The search of Mijn huishoudens.                                          */
typedef struct {
    char q [AGENT_WEB_SEARCH_BYTES + 1];
    char error [256];
} web_search_t;

/*  Takes the search from q (len bytes as received, may hold a NUL; NULL:
    no search). false with error set when it is no line of text within
    the limit (q is then empty).                                             */
bool web_search_read (web_search_t *s, const char *q, size_t len);

/*  Whether c matches the search (label or names, ignoring ASCII case).     */
bool web_search_match (const web_search_t *s, const web_case_t *c);

/*  The label form of a household.                                           */
typedef struct {
    char label [AGENT_MAX_LABEL_BYTES + 1];
    char names [AGENT_MAX_NAMES_BYTES + 1];
    char error_label [256], error_names [256];
} web_label_form_t;

/*  Takes the fields from a form body and checks them. false with the
    errors set.                                                              */
bool web_label_form_read (web_label_form_t *f, const char *body);

/*  This agent's caseload, read from its store, with labels and names; NULL
    on a store error or out of memory.                                       */
web_caseload_t *web_caseload_load (web_pages_ctx_t *ctx, const char *user);

void web_page_households (web_reply_t *r, web_pages_ctx_t *ctx, const web_session_t *s,
                          web_caseload_t *cl, const web_search_t *search);
/*  form: what was typed (with its errors), or NULL for the label kept;
    saved: the label was just saved.                                          */
void web_page_household (web_reply_t *r, web_pages_ctx_t *ctx, const web_session_t *s,
                         web_caseload_t *cl, const web_case_t *c, const web_label_form_t *form,
                         bool saved);

/*  The household's refs that a label is kept under: its first person and
    first address (either NULL).                                             */
void web_case_label_refs (const web_case_t *c, const uint8_t **person, const uint8_t **address);

#endif
