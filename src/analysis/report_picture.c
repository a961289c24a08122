/* report_picture.c — placeholder for `gvi analyze picture`, being written. */
#include "analysis/analyze.h"

int analyze_picture(struct analyze_ctx *ctx)
{
	(void)ctx;
	struct err e = { 0 };
	err_set(&e, "gvi analyze picture is not built yet");
	return cli_fail(&e);
}
