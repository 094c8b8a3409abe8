#include <stdio.h>
#include <unistd.h>

#include "core/progress.h"
#include "core/timeutil.h"

void
progress_start(struct progress *p, const char *label)
{
	p->label = label;
	p->tty = isatty(STDERR_FILENO);
	p->last = -1;
	p->t0 = mono_us();
}

void
progress_update(struct progress *p, int64_t done, int64_t total)
{
	char bar[31];
	int  pct, i, fill;

	if (total <= 0) {
		if (p->tty)
			fprintf(stderr, "\r%s: %lld", p->label, (long long)done);
		else if (done / 10000 != p->last) {
			p->last = (int)(done / 10000);
			fprintf(stderr, "%s: %lld\n", p->label, (long long)done);
		}
		return;
	}
	pct = (int)(done * 100 / total);
	if (pct == p->last)
		return;
	p->last = pct;
	if (!p->tty) {
		if (pct % 10 == 0)
			fprintf(stderr, "%s: %d%% (%lld/%lld)\n", p->label, pct, (long long)done,
			    (long long)total);
		return;
	}
	fill = pct * 30 / 100;
	for (i = 0; i < 30; i++)
		bar[i] = i < fill ? '#' : '.';
	bar[30] = '\0';
	fprintf(stderr, "\r%s [%s] %3d%% %lld/%lld", p->label, bar, pct, (long long)done,
	    (long long)total);
}

void
progress_end(struct progress *p, int64_t done)
{
	double secs = (double)(mono_us() - p->t0) / 1e6;

	if (p->tty)
		fputc('\n', stderr);
	fprintf(stderr, "%s: %lld in %.1f s\n", p->label, (long long)done, secs);
}
