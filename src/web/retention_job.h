/* retention_job.h — the daily retention run of `gvi serve` (docs/privacy.md). */
#ifndef GVI_WEB_RETENTION_JOB_H
#define GVI_WEB_RETENTION_JOB_H

/* Starts a thread that runs retention on the repository at once and then every 24 hours,
 * as gvi itself (audited as user "gvi", role "system").  Returns 0 or -1. */
int retention_job_start(const char *repo);
/* Stops the thread and waits for it (a run in progress finishes first). */
void retention_job_stop(void);

#endif
