/* Application errors: one enum, mapped to an HTTP status and a JSON code in one table. */
#ifndef CORE_ERR_H
#define CORE_ERR_H

enum app_err {
	APP_OK = 0,
	APP_EBADREQ,   /* malformed request: bad JSON, bad query */
	APP_EAUTH,     /* not authenticated */
	APP_EPERM,     /* the role may not do this */
	APP_ENOENT,    /* no such row, or outside the caller's scope */
	APP_ECONFLICT, /* unique key or state conflict */
	APP_ETOOBIG,   /* body or upload over its limit */
	APP_EMEDIA,    /* unsupported media type */
	APP_EINVAL,    /* valid JSON, invalid values (fields name them) */
	APP_ELOCKED,   /* account locked */
	APP_ETOOMANY,  /* rate limited */
	APP_EDB,       /* store failure */
	APP_EINTERNAL,
	APP_EBUSY, /* store busy or shutting down */
	APP_ERR__MAX
};

/* HTTP status for an error (200 for APP_OK). */
int app_err_status(enum app_err);
/* Stable JSON code, e.g. "validation_failed". */
const char *app_err_code(enum app_err);
/* Default human message in Chinese. */
const char *app_err_message(enum app_err);

#endif
