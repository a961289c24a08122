/* model.h — the GVI data model as data.
 *
 * Every entity gvi keeps (area, agency, user, group, person, membership, relation, incident,
 * involvement, notification, call-in, …) is described once here by its fields: their types,
 * which are required, which refer to another entity, which hold personal data.  The CLI's
 * add/edit/list/show/delete, CSV import and export, JSON output and the access policy are all
 * driven by these descriptors, so a field added here is handled everywhere at once.  The SQL
 * tables that hold them live in schema.c; store_record.c checks at start-up that the two agree.
 *
 * List fields (a group's aliases, a membership's basis) live in child tables; a list item has
 * one or more sub-fields.  In CSV a list is written as items separated by ";" and an item's
 * sub-fields separated by "|"; in JSON as an array (of strings for one sub-field, of objects
 * otherwise). */
#ifndef GVI_MODEL_H
#define GVI_MODEL_H
#include <stddef.h>

enum field_type {
	F_TEXT,      /* free text */
	F_INT,       /* integer; `min` applies */
	F_REAL,      /* decimal number (coordinates) */
	F_BOOL,      /* yes/no: accepts 1/0, yes/no, ja/nej, true/false; stored 0/1 */
	F_DATE,      /* YYYY-MM-DD */
	F_PARTDATE,  /* YYYY, YYYY-MM or YYYY-MM-DD (birth) */
	F_DATETIME,  /* date-time with precision (incident time) */
	F_ENUM,      /* one of `choices` */
	F_REF,       /* id of a record of entity `ref`; given as id or by that entity's key */
	F_PNR,       /* personnummer/samordningsnummer, stored as 12 digits */
	F_LIST,      /* child rows: see `item` */
};

/* Field flags */
#define FF_REQUIRED  0x01  /* must be given on add/import */
#define FF_KEY       0x02  /* unique natural key: references by name use it */
#define FF_SECRET    0x04  /* never shown in lists (personnummer) */
#define FF_AUTO      0x08  /* filled by gvi when not given (pseudonymous code, owner) */
#define FF_DERIVED   0x10  /* computed on read, never stored or imported */

struct entity;

struct field {
	const char *name;            /* column, CSV header, JSON key; CLI option --name */
	enum field_type type;
	unsigned flags;
	const char *ref;             /* F_REF: entity name referred to */
	const char *const *choices;  /* F_ENUM: NULL-terminated */
	const struct entity *item;   /* F_LIST: descriptor of one item (a child entity) */
	const char *help;            /* one line for --help and the man page */
	long min;                    /* F_INT lower bound */
	long max;                    /* F_INT upper bound, if non-zero */
	const char *def;             /* value stored on add when none is given */
};

#define EF_PERSONAL  0x01  /* holds personal data: has an owning agency, reads are audited */
#define EF_CONFIG    0x02  /* configuration (taxonomies, lists); seeded by init */
#define EF_CHILD     0x04  /* a list item, not an entity of its own */
#define EF_NODELETE  0x08  /* ended (status/date), not deleted; `end` instead of `delete` */
#define EF_ROWCHECK  0x10  /* a record naming one the role may not read is hidden, and refused on write */

struct entity {
	const char *name;            /* CLI command and export file name, e.g. "membership" */
	const char *table;           /* SQL table */
	const char *title_sv;        /* Swedish name for people, e.g. "medlemskap" */
	const char *help;            /* one line */
	unsigned flags;
	const struct field *fields;  /* terminated by a field with name NULL; "id" is implicit */
	size_t nfields;
	const char *end_field;       /* EF_NODELETE: the date field `end` sets ("to") */
	const char *end_status;      /* EF_NODELETE: field/value `end` sets, "status=dissolved" */
};

/* All top-level entities, in dependency order (a record only refers to earlier ones),
 * which is the order `export all` writes and `import all` reads. */
extern const struct entity *const model_entities[];
extern const size_t model_nentities;

extern const char *const model_roles[];     /* the user roles, NULL-terminated */

const struct entity *model_entity(const char *name);           /* NULL if unknown */
const struct field *model_field(const struct entity *e, const char *name);
size_t model_field_index(const struct entity *e, const struct field *f);
const struct field *model_key(const struct entity *e);          /* FF_KEY field or NULL */
/* Index of a choice in an enum field, or -1. */
int model_choice(const struct field *f, const char *value);
/* "a, b, c" list of an enum's choices into buf of size n. */
void model_choices_text(const struct field *f, char *out, size_t n);
int model_is_personal(const struct entity *e);

#endif
