/* retention_job.c — the server's daily retention run (gallring).
 *
 * One thread: it runs access_retention_run as soon as the server starts and then once every
 * 24 hours, each time on a handle of its own (the same rules and audit as `gvi retention
 * run`).  It waits on a condition variable, so stopping the server does not wait a day.  A
 * failed run is reported on stderr and tried again at the next turn; the server keeps going. */
#include "retention_job.h"
#include "access.h"

#include <pthread.h>
#include <stdio.h>
#include <time.h>

#define RETENTION_PERIOD (24 * 60 * 60)

static pthread_t job;
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t wake = PTHREAD_COND_INITIALIZER;
static int stopping, running;
static const char *job_repo;

static void run_once(void)
{
	struct err e = { 0 };
	struct access *a = NULL;
	long removed = 0;
	if (access_open_system(&a, job_repo, &e) || access_retention_run(a, 0, NULL, NULL, &removed, &e))
		fprintf(stderr, "gvi serve: retention run failed: %s\n", e.msg);
	else
		fprintf(stderr, "gvi serve: retention run removed %ld record%s\n", removed,
			removed == 1 ? "" : "s");
	access_close(a);
}

static void *job_main(void *arg)
{
	(void)arg;
	pthread_mutex_lock(&lock);
	while (!stopping) {
		pthread_mutex_unlock(&lock);
		run_once();
		pthread_mutex_lock(&lock);
		struct timespec until;
		clock_gettime(CLOCK_REALTIME, &until);
		until.tv_sec += RETENTION_PERIOD;
		while (!stopping && pthread_cond_timedwait(&wake, &lock, &until) == 0)
			;
	}
	pthread_mutex_unlock(&lock);
	return NULL;
}

int retention_job_start(const char *repo)
{
	job_repo = repo;
	stopping = 0;
	if (pthread_create(&job, NULL, job_main, NULL))
		return -1;
	running = 1;
	return 0;
}

void retention_job_stop(void)
{
	if (!running)
		return;
	pthread_mutex_lock(&lock);
	stopping = 1;
	pthread_cond_signal(&wake);
	pthread_mutex_unlock(&lock);
	pthread_join(job, NULL);
	running = 0;
}
