/* schema.h — the repository's SQL schema as a list of forward migrations (see schema.c). */
#ifndef GVI_SCHEMA_H
#define GVI_SCHEMA_H

/* schema_migrations[i] turns user_version i into i+1. */
extern const char *const schema_migrations[];
/* The version this gvi writes: the number of migrations. */
extern const int schema_version;

/* PRAGMA application_id of a gvi repository: "GVI1". */
#define SCHEMA_APPLICATION_ID 0x47564931

#endif
