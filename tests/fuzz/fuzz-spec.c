/* fuzz-spec.c: libFuzzer target for the cluster file parser and validation
 *
 * Copyright 2026 The Slipway Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Any bytes are a cluster file: reading them gives a spec or problems,
 * never a crash; a spec read is validated, written back and read again,
 * and what was written reads back to the same spec.
 */

#include "config.h"

#include <stdint.h>
#include <stdlib.h>

#include "slipway.h"

int LLVMFuzzerTestOneInput (const uint8_t *data,
                            size_t         size);

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GPtrArray) problems = slipway_problems_new ();
  g_autoptr(GPtrArray) validated = slipway_problems_new ();
  g_autoptr(GPtrArray) again_problems = slipway_problems_new ();
  g_autoptr(SlipwaySpec) spec = NULL;
  g_autoptr(SlipwaySpec) again = NULL;
  g_autofree char *written = NULL;

  spec = slipway_spec_new_from_data ((const char *)data, size, problems);
  if (spec == NULL)
    {
      /* Refused: it says why. */
      if (problems->len == 0)
        abort ();
      return 0;
    }

  slipway_spec_validate (spec, validated);
  (void)slipway_spec_get_n_nodes (spec);
  written = slipway_spec_to_data (spec, TRUE);
  if (written == NULL)
    abort ();

  /* What Slipway writes, it reads back as it was. */
  again = slipway_spec_new_from_data (written, -1, again_problems);
  if (!slipway_problems_has_errors (problems) && !slipway_problems_has_errors (validated) &&
      (again == NULL || !slipway_spec_equal (spec, again)))
    abort ();

  return 0;
}
