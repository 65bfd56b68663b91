/*
 * CSV exports (import.h): a reader of RFC 4180 text, and the mapping of
 * a spreadsheet's columns to a record type's fields.
 *
 * A hand-written reader rather than libcsv, the one Debian packages:
 * libcsv has no pkg-config file and no release since 2013, reports no
 * position for its errors, and drops blank lines, so the row numbers
 * people see in their spreadsheet could not be given. This one is a
 * parser over a buffer and a length, as the others here are, and its
 * errors carry the row, the line and the column.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "import.h"
#include "schema.h"

#include "../banned.h"

void wl_csv_release(struct wl_csv *csv)
{
	size_t i;

	for (i = 0; i < csv->nr; i++)
		wl_strv_free(csv->rows[i].fields, csv->rows[i].nr);
	free(csv->rows);
	csv->rows = NULL;
	csv->nr = csv->alloc = 0;
}

void wl_csv_error_release(struct wl_csv_error *err)
{
	free(err->message);
	memset(err, 0, sizeof(*err));
}

struct reader {
	const char *buf;
	size_t len, pos;
	size_t stop;               /* the first byte that is not UTF-8 */
	char sep;
	int row, line;
	struct wl_csv *out;
	struct wl_csv_error *err;
	struct wl_buf field;
	char **fields;
	size_t nr, alloc;
	size_t cells;              /* fields read so far, in every row */
};

__attribute__((format(printf, 3, 4)))
static int fail(struct reader *r, size_t at, const char *fmt, ...)
{
	struct wl_buf b = WL_BUF_INIT;
	va_list ap;

	va_start(ap, fmt);
	wl_buf_vaddf(&b, fmt, ap);
	va_end(ap);
	r->err->row = r->row;
	wl_offset_to_pos(r->buf, r->len, at < r->len ? at : r->len,
			 &r->err->line, &r->err->column);
	r->err->message = wl_buf_detach(&b, NULL);
	return -1;
}

/* The separator: the one of , ; and tab the header line has most of. */
static char separator(const char *buf, size_t len)
{
	static const char seps[] = { ',', ';', '\t' };
	size_t count[3] = { 0, 0, 0 }, i, best = 0;
	int quoted = 0;

	for (i = 0; i < len && (quoted || (buf[i] != '\n' && buf[i] != '\r'));
	     i++) {
		const char *s = memchr(seps, buf[i], sizeof(seps));

		if (buf[i] == '"')
			quoted = !quoted;
		else if (!quoted && s)
			count[s - seps]++;
	}
	for (i = 1; i < 3; i++)
		if (count[i] > count[best])
			best = i;
	return seps[best];
}

/* Checks the byte at r->pos may be read. */
static int readable(struct reader *r)
{
	if (r->pos < r->stop)
		return 0;
	if (r->buf[r->pos] == '\0')
		return fail(r, r->pos, "a NUL byte: this is no text file");
	return fail(r, r->pos,
		    "not UTF-8: save the file as \"CSV UTF-8\", or convert it with iconv -f GBK -t UTF-8");
}

static int add_char(struct reader *r, char c)
{
	if (r->field.len >= WL_CSV_MAX_FIELD_BYTES)
		return fail(r, r->pos, "a field is longer than %u bytes",
			    WL_CSV_MAX_FIELD_BYTES);
	wl_buf_addch(&r->field, c);
	return 0;
}

/* A line break at r->pos (CRLF, LF or CR): its length, else 0. */
static size_t line_break(const struct reader *r)
{
	if (r->pos >= r->len)
		return 0;
	if (r->buf[r->pos] == '\n')
		return 1;
	if (r->buf[r->pos] == '\r')
		return r->pos + 1 < r->len && r->buf[r->pos + 1] == '\n' ? 2 : 1;
	return 0;
}

static int quoted_field(struct reader *r)
{
	size_t open = r->pos++, n;

	for (;;) {
		if (r->pos >= r->len)
			return fail(r, open,
				    "a quoted field is not closed: its quote opens here and no quote ends it");
		if (readable(r) < 0)
			return -1;
		if (r->buf[r->pos] == '"') {
			if (r->pos + 1 < r->len && r->buf[r->pos + 1] == '"') {
				if (add_char(r, '"') < 0)
					return -1;
				r->pos += 2;
				continue;
			}
			r->pos++;
			break;
		}
		if ((n = line_break(r))) {
			/* A line break in a cell is kept as \n. */
			if (add_char(r, '\n') < 0)
				return -1;
			r->pos += n;
			r->line++;
			continue;
		}
		if (add_char(r, r->buf[r->pos++]) < 0)
			return -1;
	}
	if (r->pos < r->len && r->buf[r->pos] != r->sep && !line_break(r))
		return fail(r, r->pos,
			    "text after the closing quote of a field; quote the whole field and double the quotes in it");
	return 0;
}

static int plain_field(struct reader *r)
{
	while (r->pos < r->len && r->buf[r->pos] != r->sep && !line_break(r)) {
		if (readable(r) < 0)
			return -1;
		if (r->buf[r->pos] == '"')
			return fail(r, r->pos,
				    "a quote in the middle of a field; quote the whole field and double the quotes in it");
		if (add_char(r, r->buf[r->pos++]) < 0)
			return -1;
	}
	return 0;
}

static int end_record(struct reader *r, int line)
{
	struct wl_csv_row *row;

	if (r->out->nr >= WL_CSV_MAX_ROWS)
		return fail(r, r->pos, "more than %d rows", WL_CSV_MAX_ROWS);
	WL_ALLOC_GROW(r->out->rows, r->out->nr + 1, r->out->alloc);
	row = &r->out->rows[r->out->nr++];
	row->fields = r->fields;
	row->nr = r->nr;
	row->row = r->row;
	row->line = line;
	r->fields = NULL;
	r->nr = r->alloc = 0;
	return 0;
}

static int record(struct reader *r)
{
	int line = r->line;
	size_t n;

	r->row++;
	for (;;) {
		int ret;

		if (r->nr >= WL_CSV_MAX_FIELDS)
			return fail(r, r->pos, "more than %d fields in a row",
				    WL_CSV_MAX_FIELDS);
		if (++r->cells > WL_CSV_MAX_CELLS)
			return fail(r, r->pos, "more than %d fields in the file",
				    WL_CSV_MAX_CELLS);
		wl_buf_reset(&r->field);
		if (r->pos < r->len && r->buf[r->pos] == '"' &&
		    (ret = readable(r)) == 0)
			ret = quoted_field(r);
		else
			ret = plain_field(r);
		if (ret < 0)
			return -1;
		WL_ALLOC_GROW(r->fields, r->nr + 1, r->alloc);
		r->fields[r->nr++] = wl_xstrndup(wl_buf_cstr(&r->field),
						 r->field.len);
		if (r->pos < r->len && r->buf[r->pos] == r->sep) {
			r->pos++;
			continue;
		}
		break;
	}
	if ((n = line_break(r))) {
		r->pos += n;
		r->line++;
	}
	return end_record(r, line);
}

int wl_csv_parse(struct wl_csv *out, const char *buf, size_t len,
		 struct wl_csv_error *err)
{
	struct reader r;
	const char *why;
	size_t bad;
	int ret = 0;

	memset(err, 0, sizeof(*err));
	memset(&r, 0, sizeof(r));
	r.buf = buf;
	r.len = len;
	r.out = out;
	r.err = err;
	r.line = 1;
	if (len > WL_CSV_MAX_BYTES)
		return fail(&r, 0, "the file is larger than %u MiB",
			    WL_CSV_MAX_BYTES / (1024 * 1024));
	if (len >= 2 && ((buf[0] == '\xff' && buf[1] == '\xfe') ||
			 (buf[0] == '\xfe' && buf[1] == '\xff')))
		return fail(&r, 0,
			    "UTF-16 text: save the file as \"CSV UTF-8\" instead");
	if (len >= 3 && !memcmp(buf, "\xef\xbb\xbf", 3))
		r.pos = 3;
	r.stop = len;
	if (!wl_utf8_check(buf, len, &bad, &why))
		r.stop = bad;
	r.sep = out->sep = separator(buf + r.pos, len - r.pos);
	while (r.pos < len && !ret)
		ret = record(&r);
	wl_strv_free(r.fields, r.nr);
	wl_buf_release(&r.field);
	if (ret < 0)
		wl_csv_release(out);
	return ret;
}

/* ---- columns to fields --------------------------------------------------- */

/*
 * Headers as spreadsheets, Asana and Jira write them, and the fields
 * they stand for: the first of the candidates the type has. Compared
 * after normalising (ASCII lowercased, '_' and '-' as spaces, spaces
 * collapsed). Project columns are left to --map: their values are names,
 * and a record's `project` is a project record's id.
 */
static const struct {
	const char *header;
	const char *fields;        /* candidates, '|'-separated */
} headers[] = {
	{ "id", "id" }, { "编号", "id" }, { "任务编号", "id" },
	{ "问题编号", "id" }, { "项目编号", "id" },
	{ "title", "title|name" }, { "标题", "title|name" },
	{ "name", "title|name" }, { "名称", "name|title" },
	{ "任务", "title" }, { "任务名称", "title" }, { "事项", "title" },
	{ "task", "title" }, { "task name", "title" }, { "summary", "title" },
	{ "subject", "title" }, { "主题", "title" }, { "会议主题", "title" },
	{ "问题标题", "title" }, { "指标", "name" }, { "指标名称", "name" },
	{ "owner", "owner" }, { "负责人", "owner" }, { "责任人", "owner" },
	{ "执行人", "owner" }, { "处理人", "owner" }, { "assignee", "owner" },
	{ "assignee email", "owner" }, { "assigned to", "owner" },
	{ "记录人", "owner" }, { "reporter", "reporter" },
	{ "报告人", "reporter" }, { "提出人", "reporter" },
	{ "status", "status" }, { "状态", "status" },
	{ "section/column", "status" }, { "section", "status" },
	{ "list", "status" }, { "阶段", "phase" }, { "phase", "phase" },
	{ "due", "due" }, { "due date", "due" }, { "deadline", "due" },
	{ "截止日期", "due" }, { "截止时间", "due" }, { "到期日", "due" },
	{ "计划完成日期", "due" }, { "期限", "due" },
	{ "created", "created|reported|date" },
	{ "created at", "created|reported|date" },
	{ "创建日期", "created|reported|date" },
	{ "创建时间", "created|reported|date" },
	{ "提出日期", "reported|created" }, { "发现日期", "reported|created" },
	{ "报告日期", "reported|created" }, { "reported", "reported" },
	{ "start", "start" }, { "start date", "start" },
	{ "开始日期", "start|created" },
	{ "completed", "completed|resolved" },
	{ "completed at", "completed|resolved" },
	{ "完成日期", "completed|resolved" }, { "完成时间", "completed|resolved" },
	{ "实际完成日期", "completed|resolved" }, { "解决日期", "resolved" },
	{ "resolved", "resolved" },
	{ "priority", "priority" }, { "优先级", "priority" },
	{ "severity", "severity" }, { "严重程度", "severity" },
	{ "严重性", "severity" }, { "级别", "severity|priority" },
	{ "category", "category" }, { "类别", "category" },
	{ "分类", "category" },
	{ "tags", "tags" }, { "标签", "tags" }, { "labels", "tags" },
	{ "estimate", "estimate" }, { "预估工时", "estimate" },
	{ "预计工时", "estimate" }, { "spent", "spent" },
	{ "实际工时", "spent" }, { "耗时", "spent" },
	{ "notes", "body" }, { "description", "body" }, { "描述", "body" },
	{ "备注", "body" }, { "说明", "body" }, { "详情", "body" },
	{ "任务描述", "body" }, { "问题描述", "body" }, { "内容", "body" },
	{ "背景", "body" },
	{ "period", "period" }, { "周期", "period" }, { "统计周期", "period" },
	{ "date", "date" }, { "日期", "date|created|reported" },
	{ "会议日期", "date" },
	{ "target", "target" }, { "目标值", "target" }, { "actual", "actual" },
	{ "实际值", "actual" }, { "unit", "unit" }, { "单位", "unit" },
	{ "attendees", "attendees" }, { "参会人", "attendees" },
	{ "参会人员", "attendees" }, { "与会人", "attendees" },
	{ "cause", "cause" }, { "原因", "cause" }, { "solution", "solution" },
	{ "解决方案", "solution" }, { "effect", "effect" },
	{ "效果", "effect" }, { "impact", "impact" }, { "影响", "impact" },
};

/* ASCII lowercased, '_' and '-' as spaces, spaces collapsed, trimmed. */
static char *normalise(const char *s)
{
	struct wl_buf b = WL_BUF_INIT;

	for (; *s; s++) {
		char c = *s == '_' || *s == '-' || *s == '\t' ? ' ' : *s;

		if (c >= 'A' && c <= 'Z')
			c = (char)(c - 'A' + 'a');
		if (c == ' ' && (!b.len || b.buf[b.len - 1] == ' '))
			continue;
		wl_buf_addch(&b, c);
	}
	while (b.len && b.buf[b.len - 1] == ' ')
		b.buf[--b.len] = '\0';
	return wl_buf_detach(&b, NULL);
}

static int has_field(const struct wl_type *type, const char *name)
{
	struct wl_field f;

	return !strcmp(name, "body") || !wl_type_field(&f, type, name);
}

/*
 * The field a header stands for: the header itself when the type has
 * such a field, else the first candidate of the table the type has.
 * Returns it (caller frees), or NULL.
 */
static char *field_of(const struct wl_type *type, const char *header)
{
	char *h = normalise(header);
	size_t i;

	if (strcmp(h, "body") && has_field(type, h))
		return h;
	for (i = 0; i < sizeof(headers) / sizeof(*headers); i++) {
		const char *c = headers[i].fields;

		if (strcmp(headers[i].header, h))
			continue;
		while (*c) {
			size_t n = strcspn(c, "|");
			char *one = wl_xstrndup(c, n);

			if (has_field(type, one)) {
				free(h);
				return one;
			}
			free(one);
			c += n + (c[n] == '|');
		}
	}
	free(h);
	return NULL;
}

/* The column a --map names: by its header, without regard to case. */
static int find_column(const struct wl_csv_row *header, const char *name)
{
	size_t j;

	for (j = 0; j < header->nr; j++)
		if (!strcmp(header->fields[j], name))
			return (int)j;
	for (j = 0; j < header->nr; j++)
		if (!strcasecmp(header->fields[j], name))
			return (int)j;
	return -1;
}

/* Decides the field of each column: maps first, then the headers. */
static int column_fields(char ***out, const struct wl_csv_row *header,
			 const char *name, const struct wl_type *type,
			 const struct wl_column_map *maps, size_t nr_maps,
			 char **err)
{
	char **fields = wl_xcalloc(header->nr + 1, sizeof(*fields));
	size_t i;

	for (i = 0; i < nr_maps; i++) {
		int j = find_column(header, maps[i].column);

		if (j < 0) {
			*err = wl_xprintf("--map: %s has no column '%s'", name,
					  maps[i].column);
			goto fail;
		}
		if (strcmp(maps[i].field, "-") &&
		    !has_field(type, maps[i].field)) {
			*err = wl_xprintf("--map: %s has no field '%s'",
					  type->name, maps[i].field);
			goto fail;
		}
		free(fields[j]);
		fields[j] = wl_xstrdup(maps[i].field);
	}
	for (i = 0; i < header->nr; i++)
		if (!fields[i])
			fields[i] = field_of(type, header->fields[i]);
	*out = fields;
	return 0;
fail:
	wl_strv_free(fields, header->nr);
	return -1;
}

static int blank(const char *s)
{
	return !s[strspn(s, " \t\r\n")];
}

int wl_import_csv(struct wl_import_rows *out, const struct wl_csv *csv,
		  const char *name, const struct wl_type *type,
		  const struct wl_column_map *maps, size_t nr_maps, char **err)
{
	const struct wl_csv_row *header;
	char **fields = NULL;
	char *unmapped;
	size_t i, j;

	*err = NULL;
	if (!csv->nr) {
		*err = wl_xprintf("%s is empty: it needs a header row", name);
		return -1;
	}
	header = &csv->rows[0];
	if (column_fields(&fields, header, name, type, maps, nr_maps, err) < 0)
		return -1;
	unmapped = wl_xcalloc(header->nr + 1, 1);
	for (i = 1; i < csv->nr; i++) {
		const struct wl_csv_row *r = &csv->rows[i];
		struct wl_import_row *row;

		for (j = 0; j < r->nr && blank(r->fields[j]); j++)
			;
		if (j == r->nr)
			continue;
		for (j = header->nr; j < r->nr; j++)
			if (!blank(r->fields[j]))
				break;
		if (j < r->nr) {
			*err = wl_xprintf("%s:%d: the row has a value in field %zu, but the header has %zu columns",
					  name, r->row, j + 1, header->nr);
			break;
		}
		row = wl_import_row_add(out, wl_xprintf("%s:%d", name, r->row));
		for (j = 0; j < r->nr && j < header->nr; j++) {
			if (blank(r->fields[j]))
				continue;
			if (!fields[j])
				unmapped[j] = 1;
			else if (strcmp(fields[j], "-"))
				wl_import_cell_add(row, fields[j], r->fields[j],
						   strlen(r->fields[j]),
						   header->fields[j]);
		}
	}
	for (j = 0; j < header->nr; j++)
		if (unmapped[j])
			wl_strlist_take(&out->unmapped,
					*header->fields[j] ?
						wl_xstrdup(header->fields[j]) :
						wl_xprintf("column %zu", j + 1));
	free(unmapped);
	wl_strv_free(fields, header->nr);
	return *err ? -1 : 0;
}
