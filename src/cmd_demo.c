/* cmd_demo.c — placeholder until the demo generator lands. */
#include "cli.h"
int cmd_demo(struct cli *c, int argc, char **argv) { (void)c, (void)argc, (void)argv; return 1; }
