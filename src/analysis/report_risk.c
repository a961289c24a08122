/* report_risk.c — placeholder for `gvi analyze risk`, being written. */
#include "analysis/analyze.h"

int analyze_risk(struct analyze_ctx *ctx)
{
	(void)ctx;
	struct err e = { 0 };
	err_set(&e, "gvi analyze risk is not built yet");
	return cli_fail(&e);
}
