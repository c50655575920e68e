/*
 * aggregate_call.h: what every aggregate support function of the
 * extension does first: make sure it runs inside an aggregate, and read its
 * float8[] state.
 */
#ifndef KLD_AGGREGATE_CALL_H
#define KLD_AGGREGATE_CALL_H

#include "postgres.h"

#include "fmgr.h"
#include "utils/array.h"

/*
 * The aggregate's memory context, where a state lives across rows; an
 * error (0A000) naming function if it was called outside an aggregate.
 */
MemoryContext kld_aggregate_context(FunctionCallInfo fcinfo, const char *function);

/*
 * Argument arg as a float8[] state, detoasted once, or NULL for SQL NULL
 * and for an empty array, which stands for "no rows yet" as NULL does.
 */
ArrayType  *kld_state_argument(FunctionCallInfo fcinfo, int arg);

#endif							/* KLD_AGGREGATE_CALL_H */
