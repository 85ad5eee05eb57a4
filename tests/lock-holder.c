/* lock-holder.c: another process that holds a cluster's lock, for tests
 *
 * Copyright 2026 The Slipway Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 *   usage: lock-holder URI CLUSTER OPERATION [NODE…]
 *
 * Takes the lock, prints "locked" and holds it until stdin closes or the
 * process is killed (which the kernel cleans up after, as after a crash).
 */

#include "config.h"

#include <stdio.h>
#include <unistd.h>

#include "slipway.h"
#include "slipway-enums.h"
#include "slipway-lock-private.h"

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GEnumClass) kinds = NULL;
  g_autoptr(SlipwayLock) lock = NULL;
  g_autoptr(GError) error = NULL;
  GEnumValue *kind;
  char buffer[64];

  g_set_prgname ("lock-holder");
  if (argc < 4)
    {
      fprintf (stderr, "usage: lock-holder URI CLUSTER OPERATION [NODE…]\n");
      return 2;
    }

  kinds = g_type_class_ref (SLIPWAY_TYPE_OPERATION_KIND);
  kind = g_enum_get_value_by_nick (kinds, argv[3]);
  if (kind == NULL)
    {
      fprintf (stderr, "lock-holder: no operation “%s”\n", argv[3]);
      return 2;
    }

  lock = _slipway_lock_acquire (argv[1], argv[2], kind->value,
                                argc > 4 ? (const char * const *)argv + 4 : NULL, &error);
  if (lock == NULL)
    {
      fprintf (stderr, "lock-holder: %s\n", error->message);
      return 1;
    }

  printf ("locked\n");
  fflush (stdout);
  while (read (STDIN_FILENO, buffer, sizeof buffer) > 0)
    ;

  return 0;
}
