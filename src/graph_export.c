/* graph_export.c — placeholder until the GraphML/GEXF writer lands. */
#include "graph_export.h"
int graph_export(struct access *a, FILE *out, const char *format, struct err *e)
{ (void)a, (void)out, (void)format; return err_set(e, "graph export is not built yet"); }
