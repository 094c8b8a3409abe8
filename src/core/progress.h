/* Progress of long command-line work: a bar on a terminal, plain lines otherwise. */
#ifndef CORE_PROGRESS_H
#define CORE_PROGRESS_H

#include <stdbool.h>
#include <stdint.h>

struct progress {
	const char *label;
	bool        tty;
	int         last; /* last percentage or line printed */
	int64_t     t0;
};

void progress_start(struct progress *, const char *label);
/* total 0: unknown (prints the count only). */
void progress_update(struct progress *, int64_t done, int64_t total);
void progress_end(struct progress *, int64_t done);

#endif
