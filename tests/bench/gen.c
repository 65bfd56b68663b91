/*
 * gen — a deterministic records repository for the benchmarks.
 *
 *   gen DIR N
 *   gen --history N COMMITS | git fast-import
 *
 * writes N records under DIR/records/{tasks,logs,problems,meetings,kpis}/
 * and DIR/.worklog.yaml with a roster of everyone the records name. The
 * records mix the built-in types task, log, problem, meeting and kpi,
 * with Chinese and English text, about 600 to 1500 bytes each, and are
 * valid against the schema/ files, except one record in a thousand, which
 * carries one deliberate error so the validator has findings to report.
 * The same DIR and N always give the same bytes (a fixed PRNG seed, no
 * clock, no locale).
 *
 * With --history, it writes a history instead, as a `git fast-import`
 * stream for refs/heads/main: the first commit adds the configuration
 * (its roster with emails) and N records; each of the other COMMITS - 1
 * commits edits one to three records (a task's or a problem's status
 * moves on, with the fields the new status requires, and a `revision:`
 * field counts the edits), every 50th also moves a task into an archive
 * folder, every 100th deletes a record and adds a new one. Commits are
 * half an hour apart from 2026-01-05, by the roster's people, one in ten
 * by an address the roster does not know. Every version is valid but
 * the first of the one record in a thousand with a deliberate error.
 *
 * Standalone: cc -O2 -o gen tests/bench/gen.c
 */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>

#define PEOPLE 120
#define MIN_SIZE 600
#define MAX_SIZE 1500
#define INVALID_EVERY 1000

/* xorshift64*: small, fast and the same everywhere. */
static uint64_t rng_state = 0x9E3779B97F4A7C15ULL;

static uint32_t rnd(void)
{
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return (uint32_t)((rng_state * 0x2545F4914F6CDD1DULL) >> 32);
}

static uint32_t below(uint32_t n)
{
	return rnd() % n;
}

#define PICK(a) ((a)[below(sizeof(a) / sizeof((a)[0]))])

static const char *const surnames[] = {
	"zhang", "li", "wang", "zhao", "chen", "liu", "yang", "huang",
	"zhou", "wu", "xu", "sun", "ma", "zhu", "hu", "guo", "he", "lin",
	"luo", "gao",
};
static const char *const surnames_zh[] = {
	"张", "李", "王", "赵", "陈", "刘", "杨", "黄", "周", "吴", "徐", "孙",
	"马", "朱", "胡", "郭", "何", "林", "罗", "高",
};
static const char *const given[] = { "wei", "fang", "na", "min", "jing",
				     "lei" };
static const char *const given_zh[] = { "伟", "芳", "娜", "敏", "静", "磊" };

static char people[PEOPLE][24];

static const char *const topics_zh[] = {
	"活动页面加载速度优化", "库存同步延迟监控", "支付回调超时排查",
	"CDN 回源率治理", "大促容量评估", "订单导出报表", "会员积分对账",
	"客服工单分类", "商品详情页改版", "搜索召回率分析", "物流时效看板",
	"退款率异常分析", "数据库慢查询清理", "日志采集链路升级",
	"告警降噪", "值班交接流程",
};
static const char *const topics_en[] = {
	"landing page speed-up", "inventory sync monitoring",
	"payment callback timeouts", "CDN origin traffic",
	"capacity plan for the sale", "order export report",
	"loyalty points reconciliation", "support ticket triage",
	"product page redesign", "search recall analysis",
	"delivery time dashboard", "refund rate anomaly",
	"slow query cleanup", "log pipeline upgrade", "alert noise reduction",
	"on-call handover",
};
static const char *const sentences[] = {
	"上线前在预发环境完成了全链路压测，峰值 QPS 达到目标的 1.3 倍。",
	"与产品、运营对齐了验收口径，按周同步进展。",
	"发现 Redis 连接池在高峰期被打满，已调整为 200 并增加监控。",
	"本周主要时间花在排查偶发超时上，根因仍在确认。",
	"数据来自订单库只读副本，口径为支付成功且未全额退款。",
	"告警阈值由 60 秒调整为 30 秒，误报率下降约 40%。",
	"需要 DBA 协助评估索引变更对主库的影响。",
	"复盘结论已同步到团队 wiki，并纳入大促检查清单。",
	"The rollout went to 10% of traffic first and was watched for a day.",
	"Latency at P95 dropped from 2.8 s to 0.9 s after the cache key fix.",
	"We agreed to review the dashboard every Monday in the stand-up.",
	"The vendor confirmed the rate limit and raised it for the sale week.",
	"A follow-up task tracks the remaining clean-up work.",
	"Numbers are taken from the read replica at 02:00 every day.",
	"No customer impact was observed during the switch-over.",
	"混合部署后 CPU 利用率从 35% 提升到 58%，成本下降明显。",
	"已补充单元测试和回归用例，CI 时间增加约 2 分钟。",
	"The checklist now covers third-party callbacks as well.",
};
static const char *const tags[] = {
	"web", "performance", "monitoring", "inventory", "double11", "cdn",
	"payment", "database", "report", "data", "oncall", "cost",
};

struct out {
	char buf[16384];
	size_t len;
};

static void add(struct out *o, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void add(struct out *o, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(o->buf + o->len, sizeof(o->buf) - o->len, fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= sizeof(o->buf) - o->len) {
		fprintf(stderr, "gen: record too long\n");
		exit(2);
	}
	o->len += (size_t)n;
}

/* Days since 1970-01-01 to a civil date (Howard Hinnant's algorithm). */
static void civil(long z, int *y, int *m, int *d)
{
	long era, yoe, doy, mp;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	yoe = z - era * 146097;
	yoe = (yoe - yoe / 1460 + yoe / 36524 - yoe / 146096) / 365;
	doy = z - era * 146097 - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = (int)(yoe + era * 400 + (*m <= 2));
}

/* 2024-01-01 is day 19723 since the epoch. */
#define DAY0 19723L

static const char *date(char *buf, long day)
{
	int y, m, d;

	civil(DAY0 + day, &y, &m, &d);
	snprintf(buf, 16, "%04d-%02d-%02d", y, m, d);
	return buf;
}

static void add_tags(struct out *o)
{
	int a = (int)below(sizeof(tags) / sizeof(tags[0]));
	int b = (a + 1 + (int)below(5)) % (int)(sizeof(tags) / sizeof(tags[0]));

	add(o, "tags: [%s, %s]\n", tags[a], tags[b]);
}

/* Adds a bullet list of sentences under a heading. */
static void section(struct out *o, const char *heading, int items)
{
	int i;

	add(o, "\n## %s\n\n", heading);
	for (i = 0; i < items; i++)
		add(o, "- %s\n", PICK(sentences));
}

/* Fills the body with prose until the record reaches its target size. */
static void fill(struct out *o, const char *heading)
{
	size_t target = MIN_SIZE + below(MAX_SIZE - MIN_SIZE - 100);

	add(o, "\n## %s\n\n", heading);
	while (o->len < target) {
		const char *s = PICK(sentences);

		if (o->len + strlen(s) + 1 > MAX_SIZE)
			break;
		add(o, "%s\n", s);
	}
}

static const char *owner(void)
{
	return people[below(PEOPLE)];
}

static void gen_task(struct out *o, long i, int bad, char *name)
{
	static const char *const status[] = { "todo", "doing", "blocked",
					      "done", "cancelled" };
	static const char *const prio[] = { "low", "medium", "high",
					    "urgent" };
	static const char *const cat[] = { "routine", "project", "analysis" };
	const char *st = PICK(status);
	long created = (long)below(1000);
	char d1[16], d2[16], d3[16];

	snprintf(name, 64, "tasks/T-%07ld.md", i);
	add(o, "---\ntype: task\nid: T-%07ld\n", i);
	add(o, "title: %s / %s\n", PICK(topics_zh), PICK(topics_en));
	add(o, "owner: %s\n", owner());
	add(o, "category: %s\npriority: %s\n", PICK(cat), PICK(prio));
	add(o, "status: %s\n", bad ? "finished" : st);
	add(o, "created: %s\n", date(d1, created));
	add(o, "due: %s\n", date(d2, created + 3 + below(40)));
	if (!strcmp(st, "done"))
		add(o, "completed: %s\n", date(d3, created + 1 + below(30)));
	if (!strcmp(st, "blocked"))
		add(o, "blocked_reason: 等待供应商确认接口限流 / waiting for the vendor\n");
	add(o, "estimate: %uh\nspent: %u.5h\n", 1 + below(40), below(30));
	add_tags(o);
	add(o, "---\n");
	section(o, "背景", 2);
	section(o, "进展", 3);
	fill(o, "Notes");
}

static void gen_log(struct out *o, long i, int bad, char *name)
{
	/* Owner and day come from the index so every name is unique. */
	const char *who = people[i % PEOPLE];
	char d[16];

	date(d, i / PEOPLE);
	snprintf(name, 64, "logs/%s-%s.md", d, who);
	add(o, "---\ntype: log\nperiod: %s\nowner: %s\n", d, who);
	add(o, "hours: %u\n", bad ? 200 : 4 + below(8));
	add(o, "done:\n  - %s\n  - %s\n", PICK(topics_zh), PICK(topics_en));
	add(o, "next:\n  - %s\n", PICK(topics_zh));
	add_tags(o);
	add(o, "---\n");
	section(o, "今日完成", 3);
	section(o, "明日计划", 2);
	fill(o, "备注");
}

static void gen_problem(struct out *o, long i, int bad, char *name)
{
	static const char *const sev[] = { "low", "medium", "high",
					   "critical" };
	static const char *const status[] = { "open", "investigating",
					      "resolved", "closed" };
	const char *st = PICK(status);
	long reported = (long)below(1000);
	char d1[16], d2[16];

	snprintf(name, 64, "problems/PRB-%07ld.md", i);
	add(o, "---\ntype: problem\nid: PRB-%07ld\n", i);
	add(o, "title: %s异常 / %s failure\n", PICK(topics_zh),
	    PICK(topics_en));
	add(o, "reported: %s\n", date(d1, reported));
	add(o, "reporter: %s\nowner: %s\n", owner(), owner());
	add(o, "severity: %s\n", bad ? "huge" : PICK(sev));
	add(o, "status: %s\n", st);
	add(o, "impact: 高峰期约 3%% 的订单受影响 / about 3%% of orders at peak\n");
	add(o, "cause: 连接池配置过小 / the pool was too small\n");
	if (!strcmp(st, "resolved") || !strcmp(st, "closed")) {
		add(o, "resolved: %s\n", date(d2, reported + below(20)));
		add(o, "solution: 扩容并增加监控 / resized and monitored\n");
		add(o, "effect: 超时率从 2%% 降到 0.1%% / timeouts fell to 0.1%%\n");
	}
	add_tags(o);
	add(o, "---\n");
	section(o, "描述", 2);
	section(o, "原因", 1);
	section(o, "解决方案", 2);
	section(o, "效果", 1);
	fill(o, "Notes");
}

static void gen_meeting(struct out *o, long i, int bad, char *name)
{
	char d[16], due[16];
	long day = (long)below(1000);
	int a = (int)below(PEOPLE), n = 2 + (int)below(4), k;

	date(d, day);
	snprintf(name, 64, "meetings/%s-m%07ld.md", d, i);
	add(o, "---\ntype: meeting\ndate: %s\n", d);
	add(o, "title: %s周会 / %s sync\n", PICK(topics_zh), PICK(topics_en));
	add(o, "owner: %s\n", people[a]);
	if (bad) {
		add(o, "attendees: []\n");
	} else {
		add(o, "attendees: [");
		for (k = 0; k < n; k++)
			add(o, "%s%s", k ? ", " : "", people[(a + k) % PEOPLE]);
		add(o, "]\n");
	}
	add(o, "duration: %um\n", 30 + 15 * below(5));
	add(o, "decisions:\n  - %s\n  - %s\n", PICK(sentences),
	    PICK(sentences));
	add(o, "actions:\n");
	add(o, "  - what: %s\n    owner: %s\n    due: %s\n    done: %s\n",
	    PICK(topics_zh), people[(a + 1) % PEOPLE],
	    date(due, day + 7), below(2) ? "true" : "false");
	add_tags(o);
	add(o, "---\n");
	section(o, "议程", 2);
	section(o, "讨论", 3);
	section(o, "决议", 2);
	fill(o, "Actions");
}

static void gen_kpi(struct out *o, long i, int bad, char *name);

/* Record i: tasks and logs are the most common. */
static void gen_record(struct out *o, long i, int bad, char *name)
{
	switch (i % 10) {
	case 0: case 3: case 6:
		gen_task(o, i, bad, name);
		break;
	case 1: case 4: case 7:
		gen_log(o, i, bad, name);
		break;
	case 2: case 8:
		gen_problem(o, i, bad, name);
		break;
	case 5:
		gen_meeting(o, i, bad, name);
		break;
	default:
		gen_kpi(o, i, bad, name);
		break;
	}
}

static void gen_kpi(struct out *o, long i, int bad, char *name)
{
	static const char *const units[] = { "%", "ms", "万元", "orders" };
	int y, m, d;
	char measured[16];
	long day = (long)below(1000);

	civil(DAY0 + day, &y, &m, &d);
	snprintf(name, 64, "kpis/K-%07ld.md", i);
	add(o, "---\ntype: kpi\nid: K-%07ld\n", i);
	add(o, "name: %s指标 / %s KPI\n", PICK(topics_zh), PICK(topics_en));
	add(o, "owner: %s\n", owner());
	add(o, "period: %04d-%02d\n", y, m);
	add(o, "target: %u\n", 90 + below(1000));
	add(o, "baseline: %u.%u\n", 80 + below(900), below(10));
	if (below(2)) {
		add(o, "actual: %u.%u\n", 85 + below(1000), below(10));
		add(o, "measured: %s\n", date(measured, day + 3));
	}
	add(o, "unit: \"%s\"\n", PICK(units));
	add(o, "direction: %s\n", bad ? "sideways" : below(2) ? "up" : "down");
	add(o, "source: 数据仓库日报表 / the daily warehouse report\n");
	add_tags(o);
	add(o, "---\n");
	section(o, "口径", 2);
	section(o, "分析", 2);
	fill(o, "Actions");
}

/* ---- --history: a fast-import stream --------------------------------- */

/* The value of front-matter field `key` ("created: ") of `fm`, the
 * record's text, into `out` (16 bytes), or "" when it has none. */
static void fm_value(char *out, const char *fm, const char *key)
{
	const char *p = strstr(fm, key);
	size_t n = 0;

	if (p)
		for (p += strlen(key); p[n] && p[n] != '\n' && n < 15; n++)
			out[n] = p[n];
	out[n] = '\0';
}

/* A field the status requires (a done task's `completed`, a resolved
 * problem's `resolved`, `solution` and `effect`): written after the
 * status line when the status wants it, else dropped. */
static int status_field(const char *p)
{
	return !strncmp(p, "completed: ", 11) || !strncmp(p, "resolved: ", 10) ||
	       !strncmp(p, "solution: ", 10) || !strncmp(p, "effect: ", 8);
}

/* The status line of version v, and the fields that status requires,
 * dated the day the record was created or reported (a date the schema
 * takes). */
static void put_status(struct out *o, const char *name, const char *text,
		       int v)
{
	static const char *const task_cycle[] = { "todo", "doing", "done",
						  "doing", "done" };
	static const char *const problem_cycle[] = { "open", "investigating",
						     "resolved", "closed" };
	const char *st;
	char day[16];

	if (!strncmp(name, "tasks/", 6)) {
		st = task_cycle[v % 5];
		add(o, "status: %s\n", st);
		fm_value(day, text, "\ncreated: ");
		if (!strcmp(st, "done"))
			add(o, "completed: %s\n", day);
		return;
	}
	st = problem_cycle[v % 4];
	add(o, "status: %s\n", st);
	fm_value(day, text, "\nreported: ");
	if (!strcmp(st, "resolved") || !strcmp(st, "closed")) {
		add(o, "resolved: %s\n", day);
		add(o, "solution: 扩容并增加监控 / resized and monitored\n");
		add(o, "effect: 超时率从 2%% 降到 0.1%% / timeouts fell to 0.1%%\n");
	}
}

/* Writes a record's text for version `v`: the same record each time (its
 * own seed), with the status moved on (and the fields that status
 * requires, so every version is as valid as the first) and the edits
 * counted. Version 0 of one record in INVALID_EVERY carries gen DIR N's
 * deliberate error, which a task's first status change mends. */
static void record_version(struct out *o, long i, int v, char *name)
{
	uint64_t saved = rng_state;
	struct out base;
	const char *p, *end, *fm_end;

	rng_state = 0x9E3779B97F4A7C15ULL ^ ((uint64_t)i * 0x100000001B3ULL + 1);
	base.len = 0;
	gen_record(&base, i, i % INVALID_EVERY == INVALID_EVERY - 1, name);
	rng_state = saved;
	o->len = 0;
	base.buf[base.len] = '\0';
	fm_end = strstr(base.buf + 4, "\n---\n");
	for (p = base.buf; p < base.buf + base.len; p = end) {
		end = memchr(p, '\n', (size_t)(base.buf + base.len - p));
		end = end ? end + 1 : base.buf + base.len;
		if (v && p <= fm_end && !strncmp(p, "status: ", 8)) {
			put_status(o, name, base.buf, v);
			continue;
		}
		if (v && p <= fm_end && status_field(p))
			continue;
		add(o, "%.*s", (int)(end - p), p);
		if (v && end == fm_end + 1)
			add(o, "revision: %d\n", v);
	}
}

static void data(const char *buf, size_t len)
{
	printf("data %zu\n", len);
	fwrite(buf, 1, len, stdout);
	putchar('\n');
}

static void commit_header(long k, const char *msg)
{
	/* 2026-01-05T00:00:00+08:00, then every half hour. */
	long long t = 1767542400LL + 1800LL * k;
	char email[64];

	if (k % 10 == 9)
		snprintf(email, sizeof(email), "bot@ci.example.com");
	else
		snprintf(email, sizeof(email), "%s@example.com",
			 people[k % PEOPLE]);
	printf("commit refs/heads/main\n");
	printf("author %s <%s> %lld +0800\n", people[k % PEOPLE], email, t);
	printf("committer %s <%s> %lld +0800\n", people[k % PEOPLE], email, t);
	data(msg, strlen(msg));
}

/* Writes file `path` of records/ with record i's version v. */
static void put_record(long i, int v, const char *path)
{
	struct out o;
	char name[64];

	record_version(&o, i, v, name);
	printf("M 100644 inline records/%s\n", path);
	data(o.buf, o.len);
}

static int history(long n, long commits)
{
	long cap = n + commits / 100 + 1, k, i, next = n;
	char (*paths)[80] = calloc((size_t)cap, sizeof(*paths));
	int *version = calloc((size_t)cap, sizeof(*version));
	struct out cfg, o;
	char name[64];

	if (!paths || !version) {
		fprintf(stderr, "gen: out of memory\n");
		return 2;
	}
	cfg.len = 0;
	add(&cfg, "# generated by tests/bench/gen.c --history\nversion: 1\n"
		  "records: [\"records/**/*.md\"]\npeople:\n");
	for (k = 0; k < PEOPLE; k++)
		add(&cfg, "  - {id: %s, name: %s%s, email: [%s@example.com]}\n",
		    people[k], surnames_zh[k % 20], given_zh[k / 20 % 6],
		    people[k]);
	commit_header(0, "generated");
	printf("M 100644 inline .worklog.yaml\n");
	data(cfg.buf, cfg.len);
	for (i = 0; i < n; i++) {
		record_version(&o, i, 0, name);
		snprintf(paths[i], sizeof(paths[i]), "%s", name);
		put_record(i, 0, paths[i]);
	}
	for (k = 1; k < commits; k++) {
		int edits = 1 + (int)below(3), e;

		commit_header(k, "edit");
		for (e = 0; e < edits; e++) {
			for (i = (long)below((uint32_t)next); !paths[i][0];)
				i = (i + 1) % next;
			put_record(i, ++version[i], paths[i]);
		}
		if (k % 50 == 0) {
			for (i = (long)below((uint32_t)next);
			     !paths[i][0] || strncmp(paths[i], "tasks/T", 7);)
				i = (i + 1) % next;
			printf("D records/%s\n", paths[i]);
			snprintf(name, sizeof(name), "tasks/archive/%s",
				 paths[i] + 6);
			snprintf(paths[i], sizeof(paths[i]), "%s", name);
			put_record(i, version[i], paths[i]);
		}
		if (k % 100 == 0 && n > 1) {
			for (i = (long)below((uint32_t)next); !paths[i][0];)
				i = (i + 1) % next;
			printf("D records/%s\n", paths[i]);
			paths[i][0] = '\0';
			record_version(&o, next, 0, name);
			snprintf(paths[next], sizeof(paths[next]), "%s", name);
			put_record(next, 0, paths[next]);
			next++;
		}
	}
	free(paths);
	free(version);
	return fflush(stdout) ? 2 : 0;
}

static int mkdirs(const char *path)
{
	char tmp[4096];
	size_t i, n = strlen(path);

	if (n >= sizeof(tmp))
		return -1;
	memcpy(tmp, path, n + 1);
	for (i = 1; i <= n; i++) {
		if (tmp[i] != '/' && tmp[i] != '\0')
			continue;
		tmp[i] = '\0';
		if (mkdir(tmp, 0777) < 0 && errno != EEXIST)
			return -1;
		tmp[i] = path[i];
	}
	return 0;
}

static void write_file(const char *path, const char *data, size_t len)
{
	FILE *f = fopen(path, "wb");

	if (!f || fwrite(data, 1, len, f) != len || fclose(f)) {
		fprintf(stderr, "gen: cannot write '%s': %s\n", path,
			strerror(errno));
		exit(2);
	}
}

/* The roster's ids: like zhangwei07. */
static void make_people(void)
{
	int k;

	for (k = 0; k < PEOPLE; k++)
		snprintf(people[k], sizeof(people[k]), "%s%s%02d",
			 surnames[k % 20], given[k / 20 % 6], k);
}

static int number(long *out, const char *s)
{
	char *end;

	errno = 0;
	*out = strtol(s, &end, 10);
	if (errno || *end || end == s || *out < 0) {
		fprintf(stderr, "gen: N must be a number, not '%s'\n", s);
		return -1;
	}
	return 0;
}

int main(int argc, char **argv)
{
	static const char *const dirs[] = { "tasks", "logs", "problems",
					    "meetings", "kpis" };
	struct out o;
	char path[4096], name[64];
	const char *dir;
	long n, i;
	int k;

	make_people();
	if (argc == 4 && !strcmp(argv[1], "--history")) {
		long commits;

		if (number(&n, argv[2]) < 0 || number(&commits, argv[3]) < 0)
			return 2;
		if (n < 1 || commits < 1) {
			fprintf(stderr, "gen: --history needs a record and a commit\n");
			return 2;
		}
		return history(n, commits);
	}
	if (argc != 3) {
		fprintf(stderr, "usage: gen DIR N\n       gen --history N COMMITS\n");
		return 2;
	}
	dir = argv[1];
	if (number(&n, argv[2]) < 0)
		return 2;
	for (k = 0; k < (int)(sizeof(dirs) / sizeof(dirs[0])); k++) {
		snprintf(path, sizeof(path), "%s/records/%s", dir, dirs[k]);
		if (mkdirs(path) < 0) {
			fprintf(stderr, "gen: cannot create '%s': %s\n", path,
				strerror(errno));
			return 2;
		}
	}

	/* The roster: ids like zhangwei07, names like 张伟. */
	o.len = 0;
	add(&o, "# generated by tests/bench/gen.c\nversion: 1\n"
		"records: [\"records/**/*.md\"]\npeople:\n");
	for (k = 0; k < PEOPLE; k++) {
		int s = k % 20, g = k / 20;

		add(&o, "  - {id: %s, name: %s%s}\n", people[k], surnames_zh[s],
		    given_zh[g % 6]);
	}
	snprintf(path, sizeof(path), "%s/.worklog.yaml", dir);
	write_file(path, o.buf, o.len);

	for (i = 0; i < n; i++) {
		/* One in a thousand, turning through the five types. */
		int bad = i % INVALID_EVERY ==
			  INVALID_EVERY / 2 + (i / INVALID_EVERY) % 10;

		o.len = 0;
		gen_record(&o, i, bad, name);
		snprintf(path, sizeof(path), "%s/records/%s", dir, name);
		write_file(path, o.buf, o.len);
	}
	return 0;
}
