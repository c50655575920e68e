/*
 * test_lane_log.c: the kernels' own logarithm (simd/lane_log.h) is within
 * 1 ulp of glibc's log, which is itself within about half an ulp of the
 * exact value, on 4 million positive normal doubles: random bit patterns
 * over the whole range, and values near 1 where log is small.
 */
#include <float.h>

#include "unit.h"
#include "core/simd/lanes_scalar.h"
#include "core/simd/lane_log.h"

static double
ulps_apart(double a, double b)
{
	return fabs(a - b) / (nextafter(fabs(b), INFINITY) - fabs(b));
}

int
main(void)
{
	uint64_t	state = 7;
	double		worst = 0.0,
				worst_x = 0.0;
	long		exact = 0,
				count = 0;

	for (long i = 0; i < 4000000; i++)
	{
		double		x;

		if (i % 2 == 0)
		{
			uint64_t	bits = UINT64_C(0x0010000000000000) +
				unit_rand_u64(&state) % (UINT64_C(0x7FF0000000000000) - UINT64_C(0x0010000000000000));

			memcpy(&x, &bits, sizeof x);
		}
		else
			x = 1.0 + (unit_rand_unit(&state) - 0.5) * (i % 4 == 1 ? 0.5 : 1e-6);

		{
			double		ours = kv_log(x);
			double		libm = log(x);
			double		apart = ulps_apart(ours, libm);

			count++;
			exact += ours == libm;
			if (apart > worst)
			{
				worst = apart;
				worst_x = x;
			}
		}
	}
	unit_ok(worst <= 1.0, "lane log within 1 ulp of glibc's log on %ld values (worst %.3f ulp at %.17g; %.2f%% identical)",
			count, worst, worst_x, 100.0 * exact / count);
	unit_ok(kv_log(1.0) == 0.0, "log(1) = 0 exactly");
	unit_ok(kv_log(DBL_MIN) == log(DBL_MIN) && kv_log(DBL_MAX) == log(DBL_MAX),
			"log at the ends of the normal range");
	return unit_done();
}
