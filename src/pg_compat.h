/*
 * pg_compat.h: the differences between the PostgreSQL majors we build
 * against (15 to 18), in one place. Include it after postgres.h.
 */
#ifndef KLD_PG_COMPAT_H
#define KLD_PG_COMPAT_H

/*
 * A function that does not return: PostgreSQL 18 replaced the
 * pg_attribute_noreturn() written after a declaration with pg_noreturn
 * written before it. Ours are declared the 18 way.
 */
#if PG_VERSION_NUM < 180000
#define pg_noreturn pg_attribute_noreturn()
#endif

#endif							/* KLD_PG_COMPAT_H */
