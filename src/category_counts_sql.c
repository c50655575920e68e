/*
 * category_counts_sql.c: the SQL aggregate category_counts(), which builds
 * a jsonb category map {"value": count, ...} from a column of any type.
 *
 * The state's declared type is jsonb, a real type, so partial states can
 * travel between parallel workers and servers. Rebuilding a jsonb on every
 * row would cost O(categories) per row, so inside one aggregate call the
 * state is an expanded object (utils/expandeddatum.h): a hash table of
 * counts that PostgreSQL flattens into a jsonb only when the state leaves
 * the aggregate, as a partial state or as the result.
 */
#include "postgres.h"

#include <math.h>

#include "catalog/pg_type.h"
#include "common/shortest_dec.h"
#include "fmgr.h"
#include "utils/builtins.h"
#include "utils/expandeddatum.h"
#include "utils/jsonb.h"
#include "parser/parse_coerce.h"
#include "utils/lsyscache.h"
#include "utils/memutils.h"
#include "utils/numeric.h"

#include "aggregate_call.h"
#include "array_arg.h"
#include "category_map.h"
#include "core/histogram.h"
#include "fault_report.h"
#include "interrupts.h"

/* As many categories as a histogram may have bins. */
#define MAX_CATEGORIES 1000000

typedef struct count_slot
{
	kld_label	key;			/* key.text == NULL: an empty slot */
	uint32		hash;
	double		count;
} count_slot;

typedef struct category_counts
{
	ExpandedObjectHeader header;
	count_slot *slots;			/* open addressing, linear probing */
	uint32		capacity;		/* a power of 2 */
	uint32		used;
	Jsonb	   *flat;			/* the jsonb form, until the next change */
} category_counts;

static Size counts_flat_size(ExpandedObjectHeader *header);
static void counts_flatten(ExpandedObjectHeader *header, void *result, Size size);

static const ExpandedObjectMethods counts_methods = {
	counts_flat_size,
	counts_flatten
};

/*
 * How a value of each call's type becomes its category name, value::text,
 * found once per call site: the bytes themselves (text, varchar), the
 * type's cast function to text (bool, bpchar, inet, ...: not always its
 * output function), or else its output function, as a cast via I/O does.
 */
typedef enum text_form
{
	TEXT_AS_IS,
	TEXT_BY_CAST,
	TEXT_BY_OUTPUT
} text_form;

typedef struct value_output
{
	fmNodePtr	expr;			/* the call expression it was found for */
	Oid			type;
	text_form	form;
	FmgrInfo	function;
} value_output;

static category_counts *
new_counts(MemoryContext parent)
{
	MemoryContext context = AllocSetContextCreate(parent, "category_counts",
												  ALLOCSET_SMALL_SIZES);
	category_counts *counts = MemoryContextAllocZero(context, sizeof(category_counts));

	EOH_init_header(&counts->header, &counts_methods, context);
	counts->capacity = 8;
	counts->slots = MemoryContextAllocZero(context, sizeof(count_slot) * counts->capacity);
	return counts;
}

static bool
is_counts_object(Datum datum)
{
	return VARATT_IS_EXTERNAL_EXPANDED(DatumGetPointer(datum)) &&
		DatumGetEOHP(datum)->eoh_methods == &counts_methods;
}

/*
 * The hash of a category name, for this table only (never stored): eight
 * bytes at a time, then a final mix so that the low bits, which pick the
 * slot, depend on every byte. Short names, the common case, cost a few
 * multiplications and no call.
 */
static inline uint32
category_hash(const kld_label *key)
{
	const unsigned char *p = (const unsigned char *) key->text;
	size_t		n = (size_t) key->length;
	uint64		h = UINT64CONST(0x9E3779B97F4A7C15) ^ n;
	uint64		word;

	for (; n >= 8; n -= 8, p += 8)
	{
		memcpy(&word, p, 8);
		h = (h ^ word) * UINT64CONST(0xFF51AFD7ED558CCD);
		h ^= h >> 29;
	}
	word = 0;
	for (size_t i = 0; i < n; i++)
		word |= (uint64) p[i] << (8 * i);
	h = (h ^ word) * UINT64CONST(0xC4CEB9FE1A85EC53);
	h ^= h >> 32;
	h *= UINT64CONST(0xFF51AFD7ED558CCD);
	return (uint32) (h >> 32);
}

static count_slot *
find_slot(count_slot *slots, uint32 capacity, const kld_label *key, uint32 hash)
{
	uint32		i = hash & (capacity - 1);

	/* Runs of slots stay short, unless many keys share their hash's low bits. */
	for (size_t probes = 1;
		 slots[i].key.text != NULL &&
		 !(slots[i].hash == hash && slots[i].key.length == key->length &&
		   memcmp(slots[i].key.text, key->text, key->length) == 0);
		 probes++)
	{
		kld_check_for_interrupts(probes);
		i = (i + 1) & (capacity - 1);
	}
	return &slots[i];
}

static void
grow(category_counts *counts)
{
	uint32		capacity = counts->capacity * 2;
	count_slot *slots = MemoryContextAllocZero(counts->header.eoh_context,
											   sizeof(count_slot) * capacity);

	for (uint32 i = 0; i < counts->capacity; i++)
	{
		kld_check_for_interrupts(i);
		if (counts->slots[i].key.text != NULL)
			*find_slot(slots, capacity, &counts->slots[i].key, counts->slots[i].hash) =
				counts->slots[i];
	}
	pfree(counts->slots);
	counts->slots = slots;
	counts->capacity = capacity;
}

/*
 * Adds weight to key's count. Errors name the weight as source's element
 * index, if the weight comes from a map, else as arg ("weight").
 */
static void
add_count(category_counts *counts, const kld_label *key, double weight, kld_arg arg,
		  const kld_array *source, size_t index)
{
	uint32		hash = category_hash(key);
	count_slot *slot = find_slot(counts->slots, counts->capacity, key, hash);
	kld_fault	fault;

	if (slot->key.text == NULL)
	{
		char	   *text;

		if (counts->used >= MAX_CATEGORIES)
			kld_raise_too_many_categories(MAX_CATEGORIES);
		if (key->length > JENTRY_OFFLENMASK)
			kld_raise_category_too_long(key->length);
		if ((counts->used + 1) * 2 > counts->capacity)
		{
			grow(counts);
			slot = find_slot(counts->slots, counts->capacity, key, hash);
		}
		text = MemoryContextAlloc(counts->header.eoh_context, key->length + 1);
		memcpy(text, key->text, key->length);
		text[key->length] = '\0';
		*slot = (count_slot) {{text, key->length}, hash, 0.0};
		counts->used++;
	}
	/* kld_count_add's checks, inline; it says what is wrong, if anything. */
	if (likely(weight >= 0.0 && weight < INFINITY && slot->count >= 0.0 &&
			   slot->count + weight < INFINITY))
		slot->count += weight;
	else if (kld_count_add(&slot->count, weight, arg, source ? index : 0, &fault) != KLD_OK)
	{
		kld_array	named = {.arg = arg, .labels = &slot->key};

		/* A bad weight of a row is "weight"; an overflow names the category. */
		if (source == NULL && fault.status != KLD_OVERFLOW)
			kld_raise_fault(&fault, NULL, NULL);
		kld_raise_fault(&fault, source ? source : &named, NULL);
	}
	if (counts->flat != NULL)
	{
		pfree(counts->flat);
		counts->flat = NULL;
	}
}

/* Adds every count of a jsonb category map, checked as the state from outside. */
static void
add_map(category_counts *counts, Jsonb *map)
{
	kld_array	weights;

	if (JB_ROOT_IS_OBJECT(map) && JB_ROOT_COUNT(map) == 0)
		return;
	kld_read_category_map(map, KLD_ARG_STATE, &weights);
	for (size_t i = 0; i < weights.length; i++)
	{
		kld_check_for_interrupts(i);
		add_count(counts, &weights.labels[i], weights.values[i], KLD_ARG_STATE, &weights, i);
	}
}

static void
add_counts(category_counts *into, const category_counts *from)
{
	for (uint32 i = 0; i < from->capacity; i++)
	{
		kld_check_for_interrupts(i);
		if (from->slots[i].key.text != NULL)
			add_count(into, &from->slots[i].key, from->slots[i].count, KLD_ARG_STATE,
					  NULL, 0);
	}
}

/*
 * The state argument as our expanded object, in the aggregate's context:
 * the one the previous row returned, or a new one (from a jsonb state, if
 * the state came from elsewhere).
 */
static category_counts *
state_counts(FunctionCallInfo fcinfo, MemoryContext aggregate)
{
	category_counts *counts;

	if (!PG_ARGISNULL(0))
	{
		Datum		state = PG_GETARG_DATUM(0);

		/* The one the previous row returned: DatumGetEOHP, inline. */
		if (likely(VARATT_IS_EXTERNAL_EXPANDED_RW(DatumGetPointer(state))))
		{
			varatt_expanded pointer;

			memcpy(&pointer, VARDATA_EXTERNAL(DatumGetPointer(state)), sizeof(pointer));
			if (likely(pointer.eohptr->eoh_methods == &counts_methods &&
					   pointer.eohptr->eoh_context->parent == aggregate))
				return (category_counts *) pointer.eohptr;
		}
		counts = new_counts(aggregate);
		if (is_counts_object(state))
			add_counts(counts, (category_counts *) DatumGetEOHP(state));
		else
			add_map(counts, DatumGetJsonbP(state));
		return counts;
	}
	return new_counts(aggregate);
}

static value_output *
value_output_for(FunctionCallInfo fcinfo, Oid type)
{
	value_output *out = MemoryContextAlloc(fcinfo->flinfo->fn_mcxt, sizeof(value_output));
	Oid			function = InvalidOid;
	CoercionPathType path = find_coercion_pathway(TEXTOID, type, COERCION_EXPLICIT, &function);

	out->type = type;
	if (path == COERCION_PATH_RELABELTYPE)
		out->form = TEXT_AS_IS;
	else if (path == COERCION_PATH_FUNC && get_func_nargs(function) == 1)
		out->form = TEXT_BY_CAST;
	else
	{
		bool		is_varlena;

		out->form = TEXT_BY_OUTPUT;
		getTypeOutputInfo(type, &function, &is_varlena);
	}
	if (out->form != TEXT_AS_IS)
		fmgr_info_cxt(function, &out->function, fcinfo->flinfo->fn_mcxt);
	return out;
}

/*
 * The declared type of the value argument, or InvalidOid if polymorphic.
 * Citus runs the transition function on the shards without a call
 * expression to read the actual type from; the text forms need none.
 */
static Oid
declared_value_type(Oid function)
{
	Oid		   *types;
	int			nargs;
	Oid			type;

	get_func_signature(function, &types, &nargs);
	type = nargs > 1 && !IsPolymorphicType(types[1]) ? types[1] : InvalidOid;
	pfree(types);
	return type;
}

/*
 * How this call site's values become text: from the type in the call
 * expression or, without one, the declared type; found once per call site.
 */
static value_output *
output_of_call(FunctionCallInfo fcinfo)
{
	value_output *out = fcinfo->flinfo->fn_extra;
	Oid			type;

	/* The same call expression (or none, as before): the same type. */
	if (likely(out != NULL && out->expr == fcinfo->flinfo->fn_expr))
		return out;
	type = get_fn_expr_argtype(fcinfo->flinfo, 1);
	if (out == NULL || !(out->type == type || type == InvalidOid))
	{
		if (type == InvalidOid)
			type = declared_value_type(fcinfo->flinfo->fn_oid);
		if (type == InvalidOid)
			kld_raise_value_type_unknown("category_counts");
		fcinfo->flinfo->fn_extra = out = value_output_for(fcinfo, type);
	}
	out->expr = fcinfo->flinfo->fn_expr;
	return out;
}

/* The category name of a value: its text form, as value::text gives it. */
static kld_label
category_of(FunctionCallInfo fcinfo, Datum value)
{
	value_output *out = output_of_call(fcinfo);
	kld_label	key;

	if (out->form == TEXT_BY_OUTPUT)
	{
		/* A palloc'd string, so shorter than 1 GB: it fits an int. */
		key.text = OutputFunctionCall(&out->function, value);
		key.length = (int) strlen(key.text);
	}
	else
	{
		struct varlena *t = (struct varlena *)
			DatumGetPointer(out->form == TEXT_AS_IS ? value : FunctionCall1(&out->function, value));

		/* As DatumGetTextPP, which calls out only for these. */
		if (unlikely(VARATT_IS_EXTERNAL(t) || VARATT_IS_COMPRESSED(t)))
			t = pg_detoast_datum_packed(t);
		key.text = VARDATA_ANY(t);
		key.length = (int) VARSIZE_ANY_EXHDR(t);
	}
	return key;
}

/* category_counts_transition(state, value [, weight]) */
static Datum
transition(FunctionCallInfo fcinfo, bool weighted)
{
	MemoryContext aggregate = kld_aggregate_context(fcinfo, "category_counts_transition");
	category_counts *counts;
	kld_label	key;

	if (kld_row_is_skipped(fcinfo, weighted ? 2 : KLD_NO_ARGUMENT))
		return kld_state_unchanged(fcinfo);
	counts = state_counts(fcinfo, aggregate);
	key = category_of(fcinfo, PG_GETARG_DATUM(1));
	add_count(counts, &key, weighted ? PG_GETARG_FLOAT8(2) : 1.0, KLD_ARG_WEIGHT, NULL, 0);
	PG_RETURN_DATUM(EOHPGetRWDatum(&counts->header));
}

PG_FUNCTION_INFO_V1(category_counts_transition);
Datum
category_counts_transition(PG_FUNCTION_ARGS)
{
	return transition(fcinfo, false);
}

PG_FUNCTION_INFO_V1(category_counts_weighted_transition);
Datum
category_counts_weighted_transition(PG_FUNCTION_ARGS)
{
	return transition(fcinfo, true);
}

PG_FUNCTION_INFO_V1(category_counts_combine);
Datum
category_counts_combine(PG_FUNCTION_ARGS)
{
	MemoryContext aggregate = kld_aggregate_context(fcinfo, "category_counts_combine");
	category_counts *counts;
	Datum		other;

	if (PG_ARGISNULL(1))
		return kld_state_unchanged(fcinfo);
	counts = state_counts(fcinfo, aggregate);
	other = PG_GETARG_DATUM(1);
	if (is_counts_object(other))
		add_counts(counts, (category_counts *) DatumGetEOHP(other));
	else
		add_map(counts, DatumGetJsonbP(other));
	PG_RETURN_DATUM(EOHPGetRWDatum(&counts->header));
}

/*
 * A count as a jsonb number, written in the fewest digits that read back
 * as the same float8, so states round-trip exactly.
 */
static Numeric
count_numeric(double count)
{
	char		digits[DOUBLE_SHORTEST_DECIMAL_LEN];

	double_to_shortest_decimal_buf(count, digits);
	return DatumGetNumeric(DirectFunctionCall3(numeric_in, CStringGetDatum(digits),
											   ObjectIdGetDatum(InvalidOid),
											   Int32GetDatum(-1)));
}

/*
 * Builds (once per change) and caches the jsonb form, in a scratch context
 * so that the parse state does not outlive it.
 */
static Jsonb *
flat_form(category_counts *counts)
{
	MemoryContext scratch,
				old;
	JsonbParseState *parse = NULL;
	JsonbValue *map;
	Jsonb	   *flat;

	if (counts->flat != NULL)
		return counts->flat;
	scratch = AllocSetContextCreate(CurrentMemoryContext, "category_counts flattening",
									ALLOCSET_DEFAULT_SIZES);
	old = MemoryContextSwitchTo(scratch);
	pushJsonbValue(&parse, WJB_BEGIN_OBJECT, NULL);
	for (uint32 i = 0; i < counts->capacity; i++)
	{
		count_slot *slot = &counts->slots[i];
		JsonbValue	key,
					value;

		kld_check_for_interrupts(i);
		if (slot->key.text == NULL)
			continue;
		key.type = jbvString;
		key.val.string.val = (char *) slot->key.text;
		key.val.string.len = slot->key.length;
		value.type = jbvNumeric;
		value.val.numeric = count_numeric(slot->count);
		pushJsonbValue(&parse, WJB_KEY, &key);
		pushJsonbValue(&parse, WJB_VALUE, &value);
	}
	map = pushJsonbValue(&parse, WJB_END_OBJECT, NULL);
	flat = JsonbValueToJsonb(map);
	counts->flat = MemoryContextAlloc(counts->header.eoh_context, VARSIZE(flat));
	memcpy(counts->flat, flat, VARSIZE(flat));
	MemoryContextSwitchTo(old);
	MemoryContextDelete(scratch);
	return counts->flat;
}

static Size
counts_flat_size(ExpandedObjectHeader *header)
{
	return VARSIZE(flat_form((category_counts *) header));
}

static void
counts_flatten(ExpandedObjectHeader *header, void *result, Size size)
{
	Jsonb	   *flat = flat_form((category_counts *) header);

	Assert(size == VARSIZE(flat));
	memcpy(result, flat, size);
}
