/* letter.h — printable letters and the preparation sheet of a custom notification (letter.c). */
#ifndef GVI_WORKFLOW_LETTER_H
#define GVI_WORKFLOW_LETTER_H
#include "access.h"
#include "buf.h"

/* The letters' print style sheet (inline in a file, /letter.css on the server). */
extern const char letter_css[];
/* The letter handed over at notification id: a whole HTML document (Swedish, print CSS;
 * linked: the style sheet as /letter.css, else inline). */
int letter_notification(struct access *a, int64_t id, int linked, struct buf *out, struct err *e);
/* The invitation letter of invitation id to its call-in: a whole HTML document. */
int letter_invitation(struct access *a, int64_t id, int linked, struct buf *out, struct err *e);
/* The preparation sheet of notification id, filtered by the viewer's role: plain text (text)
 * or an HTML fragment.  Reading the person is audited. */
int letter_sheet(struct access *a, int64_t id, struct buf *out, int text, struct err *e);

#endif
