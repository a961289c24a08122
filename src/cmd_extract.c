/* cmd_extract.c — `gvi extract PERSON [--json|--html]`: the registerutdrag, everything gvi
 * holds about one person, for the owning agency to review before it is released.
 *
 * The records come through access_extract (policy-checked, audited as one "extract" entry);
 * this file only lays them out: as text, as one JSON document, or as one self-contained
 * HTML page that can be printed (written with the web's html.h, which escapes every value). */
#include "cli.h"
#include "buf.h"
#include "recfmt.h"
#include "web/html.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct extract_out {
	json_t *sections;    /* section name → array of {entity, id, fields…} */
	json_t *order;       /* section names in the order first seen */
	json_t *reg;         /* the access register */
};

static int add_record(void *p, const char *section, const struct record *r)
{
	struct extract_out *x = p;
	json_t *arr = json_object_get(x->sections, section);
	if (!arr) {
		arr = json_array();
		json_object_set_new(x->sections, section, arr);
		json_array_append_new(x->order, json_string(section));
	}
	json_t *o = json_object();
	json_object_set_new(o, "entity", json_string(r->e->name));
	json_object_set_new(o, "id", json_integer(r->id));
	for (size_t i = 0; i < r->e->nfields; i++) {
		const struct field *f = &r->e->fields[i];
		if (f->type == F_LIST) {
			if (!r->lists[i].n)
				continue;
			char *text = recfmt_list_text(r, i);
			json_object_set_new(o, f->name, json_string(text));
			free(text);
		} else if (r->v[i]) {
			json_object_set_new(o, f->name, json_string(r->v[i]));
		}
	}
	json_array_append_new(arr, o);
	return 0;
}

static int add_access(void *p, const struct audit_entry *a)
{
	struct extract_out *x = p;
	json_t *o = json_pack("{s:I, s:s, s:s, s:s, s:s, s:s}", "id", (json_int_t)a->id, "at", a->at,
			      "user", a->user, "role", a->role, "action", a->action, "entity", a->entity);
	if (a->record_id)
		json_object_set_new(o, "record", json_integer(a->record_id));
	if (a->purpose)
		json_object_set_new(o, "purpose", json_string(a->purpose));
	json_array_append_new(x->reg, o);
	return 0;
}

static const char *section_title(const char *section)
{
	if (!strcmp(section, "person"))
		return "Personuppgifter (person)";
	if (!strcmp(section, "context"))
		return "Sammanhang: grupper, händelser, stormöten och påtryckningar som posterna ovan nämner";
	const struct entity *en = model_entity(section);
	return en ? en->title_sv : section;
}

static const char *value_text(json_t *v, char *buf, size_t n)
{
	if (json_is_string(v))
		return json_string_value(v);
	snprintf(buf, n, "%lld", (long long)json_integer_value(v));
	return buf;
}

static void print_text(FILE *out, const struct extract_out *x, const char *who)
{
	fprintf(out, "Registerutdrag för %s\n", who);
	size_t k;
	json_t *name;
	json_array_foreach(x->order, k, name) {
		const char *section = json_string_value(name);
		fprintf(out, "\n== %s ==\n", section_title(section));
		size_t i;
		json_t *rec;
		json_array_foreach(json_object_get(x->sections, section), i, rec) {
			const char *key;
			json_t *v;
			char buf[32];
			fprintf(out, "\n");
			json_object_foreach(rec, key, v)
				fprintf(out, "  %-18s %s\n", key, value_text(v, buf, sizeof buf));
		}
	}
	fprintf(out, "\n== Åtkomstlogg: vem har läst eller ändrat uppgifterna ==\n");
	size_t i;
	json_t *a;
	json_array_foreach(x->reg, i, a) {
		json_t *rec = json_object_get(a, "record");
		char id[32] = "";
		if (rec)
			snprintf(id, sizeof id, " %lld", (long long)json_integer_value(rec));
		const char *purpose = json_string_value(json_object_get(a, "purpose"));
		fprintf(out, "  %s  %-12s %-18s %-9s %s%s%s%s\n", json_string_value(json_object_get(a, "at")),
			json_string_value(json_object_get(a, "user")),
			json_string_value(json_object_get(a, "role")),
			json_string_value(json_object_get(a, "action")),
			json_string_value(json_object_get(a, "entity")), id,
			purpose ? "  ändamål: " : "", purpose ? purpose : "");
	}
}

/* One self-contained page, through the web's HTML writer: every value escaped. */
static void print_html(FILE *out, const struct extract_out *x, const char *who)
{
	struct buf b = BUF_INIT;
	html_printf(&b, "<!DOCTYPE html>\n<html lang=\"sv\">\n<head>\n<meta charset=\"utf-8\">\n"
		    "<title>Registerutdrag %s</title>\n<style>body{font-family:sans-serif;"
		    "max-width:60em;margin:2em auto}table{border-collapse:collapse;margin:.5em 0 1em}"
		    "th,td{border:1px solid #999;padding:.2em .5em;text-align:left;vertical-align:top}"
		    "</style>\n</head>\n<body>\n<h1>Registerutdrag för %s</h1>\n<p>Utkast för den "
		    "ägande myndighetens granskning före utlämnande (sekretessprövning).</p>\n", who, who);
	size_t k;
	json_t *name;
	json_array_foreach(x->order, k, name) {
		const char *section = json_string_value(name);
		html_printf(&b, "<h2>%s</h2>\n", section_title(section));
		size_t i;
		json_t *rec;
		json_array_foreach(json_object_get(x->sections, section), i, rec) {
			html_printf(&b, "<table>\n");
			const char *key;
			json_t *v;
			char num[32];
			json_object_foreach(rec, key, v)
				html_printf(&b, "<tr><th scope=\"row\">%s</th><td>%s</td></tr>\n", key,
					    value_text(v, num, sizeof num));
			html_printf(&b, "</table>\n");
		}
	}
	html_printf(&b, "<h2>Åtkomstlogg: vem har läst eller ändrat uppgifterna</h2>\n<table>\n"
		    "<tr><th>tid</th><th>användare</th><th>roll</th><th>åtgärd</th><th>post</th><th>ändamål</th></tr>\n");
	size_t i;
	json_t *a;
	json_array_foreach(x->reg, i, a) {
		json_t *rec = json_object_get(a, "record");
		char id[32] = "";
		if (rec)
			snprintf(id, sizeof id, " %lld", (long long)json_integer_value(rec));
		html_printf(&b, "<tr><td>%s</td><td>%s</td><td>%s</td><td>%s</td><td>%s%s</td><td>%s</td>"
			    "</tr>\n", json_string_value(json_object_get(a, "at")),
			    json_string_value(json_object_get(a, "user")),
			    json_string_value(json_object_get(a, "role")),
			    json_string_value(json_object_get(a, "action")),
			    json_string_value(json_object_get(a, "entity")), id,
			    json_string_value(json_object_get(a, "purpose")));
	}
	html_printf(&b, "</table>\n</body>\n</html>\n");
	fwrite(b.s, 1, b.len, out);
	buf_release(&b);
}

int cmd_extract(struct cli *c, int argc, char **argv)
{
	const char *ref = NULL;
	int html = 0;
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--html"))
			html = 1;
		else if (!ref && strncmp(argv[i], "--", 2))
			ref = argv[i];
		else
			return cli_usage("gvi extract PERSON [--json|--html]");
	}
	if (!ref)
		return cli_usage("gvi extract PERSON [--json|--html]");
	struct access *a;
	if (cli_open(c, &a, 0))
		return 1;
	struct err e = { 0 };
	struct extract_out x = { json_object(), json_array(), json_array() };
	int64_t pid;
	int rc = access_find(a, model_entity("person"), ref, &pid, &e) ||
		 access_extract(a, pid, add_record, add_access, &x, &e);
	if (!rc) {
		json_t *person = json_array_get(json_object_get(x.sections, "person"), 0);
		const char *code = json_string_value(json_object_get(person, "code"));
		char who[256];
		snprintf(who, sizeof who, "%s (%s)", json_string_value(json_object_get(person, "name")),
			 code ? code : "?");
		if (html) {
			print_html(stdout, &x, who);
		} else if (c->fmt == TABLE_JSON) {
			json_t *doc = json_pack("{s:O, s:O}", "records", x.sections, "register", x.reg);
			json_dumpf(doc, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
			fputc('\n', stdout);
			json_decref(doc);
		} else {
			print_text(stdout, &x, who);
		}
	}
	json_decref(x.sections);
	json_decref(x.order);
	json_decref(x.reg);
	access_close(a);
	return rc ? cli_fail(&e) : 0;
}
