/*
 * --format html: a report as one self-contained page. Nothing is fetched:
 * no scripts, no style sheets, no fonts, no images; the style is inline
 * and the charts are inline SVG (completions per period, KPI attainment,
 * status mix, open tasks over the period). The page is well-formed XML
 * as well as HTML, reads at phone width (tables scroll sideways, charts
 * scale) and prints cleanly. Every text from the records is escaped, in
 * the SVG too.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "report.h"

#include "../banned.h"

static const char style[] =
	":root{color-scheme:light}"
	"body{margin:0;font:15px/1.5 system-ui,-apple-system,\"Segoe UI\","
	"\"PingFang SC\",\"Microsoft YaHei\",\"Noto Sans CJK SC\",sans-serif;"
	"color:#1f2328;background:#fff}"
	"main{max-width:1100px;margin:0 auto;padding:16px}"
	"h1{font-size:1.6em;margin:.2em 0}"
	".sub{color:#59636e;margin:0 0 1em}"
	"h2{font-size:1.25em;border-bottom:1px solid #d1d9e0;"
	"padding-bottom:.2em;margin-top:1.6em}"
	"h3{font-size:1.05em}"
	".scroll{overflow-x:auto}"
	"table{border-collapse:collapse;width:100%;font-size:.9em}"
	"th,td{border:1px solid #d1d9e0;padding:4px 8px;text-align:left;"
	"vertical-align:top}"
	"th{background:#f6f8fa;white-space:nowrap}"
	"td.num{text-align:right;white-space:nowrap}"
	"td.day{white-space:nowrap}"
	"td.warn{background:#fff1e5;color:#9a3412}"
	".empty{color:#59636e;font-style:italic}"
	".charts{display:grid;grid-template-columns:repeat(auto-fit,"
	"minmax(260px,1fr));gap:16px}"
	"figure{margin:0;border:1px solid #d1d9e0;border-radius:6px;"
	"padding:8px}"
	"figcaption{font-weight:600;font-size:.9em;margin-bottom:4px}"
	"svg{width:100%;height:auto;display:block}"
	"svg text{font-size:10px;fill:#1f2328}"
	".bar{fill:#0969da}.ok{fill:#1a7f37}.low{fill:#cf222e}"
	".s-not_started{fill:#8c959f}.s-in_progress{fill:#0969da}"
	".s-blocked{fill:#cf222e}.s-done{fill:#1a7f37}"
	".s-cancelled{fill:#d1d9e0}"
	".line{fill:none;stroke:#0969da;stroke-width:2}"
	".dot{fill:#0969da}"
	".axis{stroke:#8c959f;stroke-width:1}"
	".ref{stroke:#59636e;stroke-width:1;stroke-dasharray:3 3}"
	"@media (max-width:600px){body{font-size:14px}main{padding:8px}"
	"th,td{padding:3px 5px}}"
	"@media print{body{font-size:10pt}main{max-width:none;padding:0}"
	".scroll{overflow:visible}table{font-size:8pt}"
	"figure,tr{break-inside:avoid}h2,h3{break-after:avoid}"
	".charts{grid-template-columns:repeat(2,1fr)}}";

/* Text for HTML content or a quoted attribute, SVG included. */
static void esc(struct wl_buf *b, const char *s, size_t len)
{
	size_t i, run = 0;

	for (i = 0; i < len; i++) {
		const char *e;

		switch (s[i]) {
		case '&': e = "&amp;"; break;
		case '<': e = "&lt;"; break;
		case '>': e = "&gt;"; break;
		case '"': e = "&quot;"; break;
		case '\'': e = "&#39;"; break;
		default: continue;
		}
		wl_buf_add_printable(b, s + run, i - run);
		wl_buf_addstr(b, e);
		run = i + 1;
	}
	wl_buf_add_printable(b, s + run, len - run);
}

static void escs(struct wl_buf *b, const char *s)
{
	esc(b, s, strlen(s));
}

/* The text of a cell, escaped. */
static void cell(struct wl_buf *b, const struct cli_report *rep,
		 const char *part, const struct wl_rv *v)
{
	struct wl_buf t = WL_BUF_INIT;

	cli_report_cell(&t, rep, part, v);
	esc(b, wl_buf_cstr(&t), t.len);
	wl_buf_release(&t);
}

/* A label cut to `max` code points, for chart axes. */
static void short_text(struct wl_buf *b, const char *s, size_t max)
{
	size_t i, n = 0;

	for (i = 0; s[i]; i++) {
		if (((unsigned char)s[i] & 0xc0) != 0x80 && n++ == max) {
			esc(b, s, i);
			wl_buf_addstr(b, "…");
			return;
		}
	}
	escs(b, s);
}

/* How a cell is shown: numbers right-aligned, a bad flag marked. */
static const char *cell_class(const char *key, const struct wl_rv *v)
{
	if (v->kind == WL_RV_INT || v->kind == WL_RV_NUM)
		return " class=\"num\"";
	if (v->kind == WL_RV_DAY)
		return " class=\"day\"";
	if (v->kind == WL_RV_BOOL &&
	    (v->i ? !strcmp(key, "differs") || !strcmp(key, "overdue")
		  : !strcmp(key, "met")))
		return " class=\"warn\"";
	return "";
}

static void table(struct wl_buf *b, const struct cli_report *rep,
		  const struct cli_report_part *p)
{
	size_t r, c;

	if (!p->rows->nr) {
		wl_buf_addstr(b, "<p class=\"empty\">");
		escs(b, cli_report_empty(rep));
		wl_buf_addstr(b, "</p>\n");
		return;
	}
	wl_buf_addstr(b, "<div class=\"scroll\"><table>\n<thead><tr>");
	for (c = 0; c < p->ncols; c++) {
		wl_buf_addstr(b, "<th>");
		escs(b, cli_report_label(rep, p->name, cli_report_col(p, c)));
		wl_buf_addstr(b, "</th>");
	}
	wl_buf_addstr(b, "</tr></thead>\n<tbody>\n");
	for (r = 0; r < p->rows->nr; r++) {
		wl_buf_addstr(b, "<tr>");
		for (c = 0; c < p->ncols; c++) {
			const char *key = cli_report_col(p, c);
			const struct wl_rv *v = wl_rv_get(p->rows->v[r], key);

			wl_buf_addf(b, "<td%s>", v ? cell_class(key, v) : "");
			if (v)
				cell(b, rep, p->name, v);
			wl_buf_addstr(b, "</td>");
		}
		wl_buf_addstr(b, "</tr>\n");
	}
	wl_buf_addstr(b, "</tbody></table></div>\n");
}

/* ---- charts ------------------------------------------------------------ */

static void figure_start(struct wl_buf *b, const struct cli_report *rep,
			 const char *caption)
{
	wl_buf_addstr(b, "<figure><figcaption>");
	escs(b, cli_report_label(rep, NULL, caption));
	wl_buf_addstr(b, "</figcaption>");
}

static void figure_empty(struct wl_buf *b, const struct cli_report *rep)
{
	wl_buf_addstr(b, "<p class=\"empty\">");
	escs(b, cli_report_empty(rep));
	wl_buf_addstr(b, "</p></figure>\n");
}

static long long int_of(const struct wl_rv *row, const char *key)
{
	const struct wl_rv *v = wl_rv_get(row, key);

	return v && v->kind == WL_RV_INT ? v->i : 0;
}

/* Vertical bars: one per period, its count above it. */
static void chart_completions(struct wl_buf *b, const struct cli_report *rep,
			      const struct wl_rv *pts)
{
	long long max = 1;
	double slot, w;
	size_t i;

	figure_start(b, rep, "chart.completions");
	if (!pts || !pts->nr) {
		figure_empty(b, rep);
		return;
	}
	for (i = 0; i < pts->nr; i++)
		if (int_of(pts->v[i], "completed") > max)
			max = int_of(pts->v[i], "completed");
	slot = 300.0 / (double)pts->nr;
	w = slot * 0.6;
	wl_buf_addstr(b, "<svg viewBox=\"0 0 320 170\" role=\"img\">"
			 "<line class=\"axis\" x1=\"10\" y1=\"135\" x2=\"310\" y2=\"135\"/>");
	for (i = 0; i < pts->nr; i++) {
		long long n = int_of(pts->v[i], "completed");
		double h = 110.0 * (double)n / (double)max;
		double x = 10 + slot * (double)i + (slot - w) / 2;

		wl_buf_addf(b, "<rect class=\"bar\" x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\"/>",
			    x, 135 - h, w, h);
		wl_buf_addf(b, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">%lld</text>",
			    x + w / 2, 131 - h, n);
		wl_buf_addf(b, "<text x=\"%.1f\" y=\"150\" text-anchor=\"middle\">",
			    x + w / 2);
		cell(b, rep, "charts", wl_rv_get(pts->v[i], "period"));
		wl_buf_addstr(b, "</text>");
	}
	wl_buf_addstr(b, "</svg></figure>\n");
}

/* Horizontal bars, one per row: its label, its value, a class. */
struct hbar {
	const struct wl_rv *label;
	double value;               /* < 0: none */
	const char *cls;
};

static void hbars(struct wl_buf *b, const struct cli_report *rep,
		  const struct hbar *v, size_t n, double max, double ref,
		  int pct)
{
	size_t i;

	wl_buf_addf(b, "<svg viewBox=\"0 0 320 %zu\" role=\"img\">",
		    20 * n + 10);
	for (i = 0; i < n; i++) {
		double y = 5 + 20.0 * (double)i, w;
		struct wl_buf t = WL_BUF_INIT;

		cli_report_cell(&t, rep, "charts", v[i].label);
		wl_buf_addf(b, "<text x=\"98\" y=\"%.1f\" text-anchor=\"end\">",
			    y + 13);
		short_text(b, wl_buf_cstr(&t), 14);
		wl_buf_addstr(b, "</text>");
		wl_buf_release(&t);
		if (v[i].value < 0) {
			wl_buf_addf(b, "<text x=\"104\" y=\"%.1f\">—</text>",
				    y + 13);
			continue;
		}
		w = 170.0 * (v[i].value > max ? max : v[i].value) / max;
		wl_buf_addf(b, "<rect class=\"%s\" x=\"102\" y=\"%.1f\" width=\"%.1f\" height=\"14\"/>",
			    v[i].cls, y + 2, w);
		wl_buf_addf(b, pct ? "<text x=\"%.1f\" y=\"%.1f\">%.1f%%</text>"
				   : "<text x=\"%.1f\" y=\"%.1f\">%.0f</text>",
			    106 + w, y + 13, v[i].value);
	}
	if (ref > 0)
		wl_buf_addf(b, "<line class=\"ref\" x1=\"%.1f\" y1=\"2\" x2=\"%.1f\" y2=\"%zu\"/>",
			    102 + 170 * ref / max, 102 + 170 * ref / max,
			    20 * n + 8);
	wl_buf_addstr(b, "</svg>");
}

static void chart_attainment(struct wl_buf *b, const struct cli_report *rep,
			     const struct wl_rv *kpis)
{
	struct hbar *v;
	double max = 120;
	size_t i, n = kpis ? kpis->nr : 0;

	figure_start(b, rep, "chart.attainment");
	if (!n) {
		figure_empty(b, rep);
		return;
	}
	v = calloc(n, sizeof(*v));
	for (i = 0; i < n; i++) {
		const struct wl_rv *a = wl_rv_get(kpis->v[i], "attainment");
		const struct wl_rv *met = wl_rv_get(kpis->v[i], "met");

		v[i].label = wl_rv_get(kpis->v[i], "name");
		v[i].value = a->kind == WL_RV_NUM ? a->f : -1;
		v[i].cls = met->kind == WL_RV_BOOL && !met->i ? "low" : "ok";
		if (v[i].value > max)
			max = v[i].value > 200 ? 200 : v[i].value;
	}
	hbars(b, rep, v, n, max, 100, 1);
	free(v);
	wl_buf_addstr(b, "</figure>\n");
}

static void chart_status_mix(struct wl_buf *b, const struct cli_report *rep,
			     const struct wl_rv *mix)
{
	static const char *const cls[] = {
		"s-not_started", "s-in_progress", "s-blocked", "s-done",
		"s-cancelled",
	};
	struct hbar v[5];
	double max = 0;
	size_t i, n = mix && mix->nr <= 5 ? mix->nr : 0;

	figure_start(b, rep, "chart.status_mix");
	for (i = 0; i < n; i++) {
		v[i].label = wl_rv_get(mix->v[i], "state");
		v[i].value = (double)int_of(mix->v[i], "count");
		v[i].cls = cls[i];
		if (v[i].value > max)
			max = v[i].value;
	}
	if (max == 0) {
		figure_empty(b, rep);
		return;
	}
	hbars(b, rep, v, n, max, 0, 0);
	wl_buf_addstr(b, "</figure>\n");
}

/* A line of open tasks at the end of each day. */
static void chart_burndown(struct wl_buf *b, const struct cli_report *rep,
			   const struct wl_rv *pts)
{
	long long max = 1;
	double step;
	size_t i, n = pts ? pts->nr : 0;

	figure_start(b, rep, "chart.burndown");
	if (!n) {
		figure_empty(b, rep);
		return;
	}
	for (i = 0; i < n; i++)
		if (int_of(pts->v[i], "open") > max)
			max = int_of(pts->v[i], "open");
	step = n > 1 ? 270.0 / (double)(n - 1) : 0;
	wl_buf_addf(b, "<svg viewBox=\"0 0 320 170\" role=\"img\">"
		       "<line class=\"axis\" x1=\"30\" y1=\"135\" x2=\"310\" y2=\"135\"/>"
		       "<line class=\"axis\" x1=\"30\" y1=\"15\" x2=\"30\" y2=\"135\"/>"
		       "<text x=\"26\" y=\"19\" text-anchor=\"end\">%lld</text>"
		       "<text x=\"26\" y=\"135\" text-anchor=\"end\">0</text>"
		       "<polyline class=\"line\" points=\"",
		    max);
	for (i = 0; i < n; i++)
		wl_buf_addf(b, "%s%.1f,%.1f", i ? " " : "",
			    35 + step * (double)i,
			    135 - 115.0 * (double)int_of(pts->v[i], "open") /
					  (double)max);
	wl_buf_addstr(b, "\"/>");
	for (i = 0; i < n; i++)
		wl_buf_addf(b, "<circle class=\"dot\" cx=\"%.1f\" cy=\"%.1f\" r=\"2.5\"/>",
			    35 + step * (double)i,
			    135 - 115.0 * (double)int_of(pts->v[i], "open") /
					  (double)max);
	wl_buf_addstr(b, "<text x=\"35\" y=\"150\">");
	cell(b, rep, "charts", wl_rv_get(pts->v[0], "date"));
	wl_buf_addstr(b, "</text><text x=\"305\" y=\"150\" text-anchor=\"end\">");
	cell(b, rep, "charts", wl_rv_get(pts->v[n - 1], "date"));
	wl_buf_addstr(b, "</text></svg></figure>\n");
}

static void charts(struct wl_buf *b, const struct cli_report *rep)
{
	const struct wl_rv *root = rep->model->root;
	const struct wl_rv *c = wl_rv_get(root, "charts");

	wl_buf_addstr(b, "<div class=\"charts\">\n");
	chart_completions(b, rep, wl_rv_get(c, "completions"));
	chart_attainment(b, rep, wl_rv_get(root, "kpis"));
	chart_status_mix(b, rep, wl_rv_get(c, "status_mix"));
	chart_burndown(b, rep, wl_rv_get(c, "burndown"));
	wl_buf_addstr(b, "</div>\n");
}

void cli_report_html(FILE *out, const struct cli_report *rep)
{
	struct wl_buf b = WL_BUF_INIT, t = WL_BUF_INIT;
	struct cli_report_part *parts;
	size_t i, nr;

	cli_report_title(&t, rep);
	wl_buf_addf(&b, "<!DOCTYPE html>\n<html lang=\"%s\">\n<head>\n"
			"<meta charset=\"utf-8\"/>\n"
			"<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/>\n"
			"<meta name=\"generator\" content=\"worklog\"/>\n<title>",
		    rep->zh ? "zh-CN" : "en");
	esc(&b, wl_buf_cstr(&t), t.len);
	wl_buf_addf(&b, "</title>\n<style>%s</style>\n</head>\n<body>\n<main>\n"
			"<header>\n<h1>", style);
	esc(&b, wl_buf_cstr(&t), t.len);
	wl_buf_reset(&t);
	cli_report_subtitle(&t, rep);
	wl_buf_addstr(&b, "</h1>\n<p class=\"sub\">");
	esc(&b, wl_buf_cstr(&t), t.len);
	wl_buf_addstr(&b, "</p>\n</header>\n");
	if (!rep->only)
		charts(&b, rep);
	parts = cli_report_parts(rep, &nr);
	for (i = 0; i < nr; i++) {
		int h = parts[i].level;

		/* Sections are linkable; the tables of one are not (the
		 * meetings table would take its section's id). */
		if (h == 2) {
			wl_buf_addstr(&b, "<h2 id=\"");
			escs(&b, parts[i].name);
			wl_buf_addstr(&b, "\">");
		} else {
			wl_buf_addf(&b, "<h%d>", h);
		}
		escs(&b, parts[i].title);
		wl_buf_addf(&b, "</h%d>\n", h);
		if (parts[i].rows)
			table(&b, rep, &parts[i]);
		cli_rows_flush(out, &b, 0);
	}
	wl_buf_addstr(&b, "</main>\n</body>\n</html>\n");
	cli_rows_flush(out, &b, 1);
	free(parts);
	wl_buf_release(&b);
	wl_buf_release(&t);
}
