/* slipway-size.c
 *
 * Copyright 2026 The Slipway Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "slipway-size.h"
#include "slipway-size-private.h"

/* A whole number in @base (10 or 16) of digits only, at most @max. Not
 * g_ascii_string_to_unsigned(): GLib 2.74 reads errno after the first
 * g_ascii_strtoull() of a process, which may have waited for another
 * thread to make the C locale and so left EAGAIN there; worker threads
 * parse cluster metadata at the same time, and "1" was then refused. */
gboolean
_slipway_parse_unsigned (const char *str,
                         guint       base,
                         guint64     max,
                         guint64    *value)
{
  guint64 number = 0;

  g_return_val_if_fail (base == 10 || base == 16, FALSE);

  if (str == NULL || *str == '\0')
    return FALSE;

  for (const char *p = str; *p != '\0'; p++)
    {
      int digit = base == 16 ? g_ascii_xdigit_value (*p) : g_ascii_digit_value (*p);

      if (digit < 0 || number > (max - (guint64)digit) / base)
        return FALSE;
      number = number * base + (guint64)digit;
    }

  *value = number;

  return TRUE;
}

/* Sizes. Every unit is a power of 1024, as in qemu-img and libvirt's "G":
 * "K", "Ki" and "KiB" (any case) are all 1024 bytes. "KB", "MB", "GB"
 * and "TB" are refused, because libvirt reads them as powers of 1000 and
 * people read them either way. */

SlipwaySizeStatus
_slipway_parse_size_full (const char *str,
                 guint64    *bytes)
{
  static const struct {
    const char *suffix;
    guint       shift;
  } units[] = {
    { "b", 0 },
    { "k", 10 }, { "ki", 10 }, { "kib", 10 },
    { "m", 20 }, { "mi", 20 }, { "mib", 20 },
    { "g", 30 }, { "gi", 30 }, { "gib", 30 },
    { "t", 40 }, { "ti", 40 }, { "tib", 40 },
  };
  g_autofree char *copy = g_strstrip (g_strdup (str));
  const char *p = copy;
  const char *int_start;
  const char *frac_start = NULL;
  gsize int_len;
  gsize frac_len = 0;
  g_autofree char *int_part = NULL;
  g_autofree char *unit = NULL;
  guint64 whole;
  guint64 multiplier = 0;
  guint64 result;

  int_start = p;
  while (g_ascii_isdigit (*p))
    p++;
  int_len = p - int_start;
  if (int_len == 0)
    return SLIPWAY_SIZE_INVALID;

  if (*p == '.')
    {
      p++;
      frac_start = p;
      while (g_ascii_isdigit (*p))
        p++;
      frac_len = p - frac_start;
      if (frac_len == 0)
        return SLIPWAY_SIZE_INVALID;
    }

  while (*p == ' ' || *p == '\t')
    p++;

  if (*p == '\0')
    return SLIPWAY_SIZE_NO_UNIT;

  unit = g_ascii_strdown (p, -1);
  for (guint i = 0; i < G_N_ELEMENTS (units); i++)
    {
      if (g_str_equal (unit, units[i].suffix))
        {
          multiplier = G_GUINT64_CONSTANT (1) << units[i].shift;
          break;
        }
    }

  if (multiplier == 0)
    {
      if (g_str_equal (unit, "kb") || g_str_equal (unit, "mb") ||
          g_str_equal (unit, "gb") || g_str_equal (unit, "tb"))
        return SLIPWAY_SIZE_AMBIGUOUS_UNIT;
      return SLIPWAY_SIZE_INVALID;
    }

  if (int_len > 20)
    return SLIPWAY_SIZE_TOO_LARGE;

  int_part = g_strndup (int_start, int_len);
  whole = g_ascii_strtoull (int_part, NULL, 10);
  if (whole == G_MAXUINT64 || whole > G_MAXUINT64 / multiplier)
    return SLIPWAY_SIZE_TOO_LARGE;
  result = whole * multiplier;

  if (frac_start != NULL)
    {
      /* Up to 9 decimals are enough for any unit up to TiB: a double holds
       * the fraction of the unit exactly enough, and we round to a byte. */
      g_autofree char *frac = g_strndup (frac_start, MIN (frac_len, 9));
      double fraction = g_ascii_strtod (frac, NULL);
      guint64 extra;

      for (gsize i = 0; i < MIN (frac_len, 9); i++)
        fraction /= 10.0;
      extra = (guint64)(fraction * (double)multiplier + 0.5);

      if (multiplier == 1 && extra != 0)
        return SLIPWAY_SIZE_INVALID;
      if (result > G_MAXUINT64 - extra)
        return SLIPWAY_SIZE_TOO_LARGE;
      result += extra;
    }

  if (bytes != NULL)
    *bytes = result;

  return SLIPWAY_SIZE_OK;
}

/**
 * slipway_parse_size:
 * @str: a size such as "2GiB", "512M" or "1.5G"
 * @bytes: (out) (optional): the size in bytes
 *
 * Parses a size with a binary unit: B, K/Ki/KiB, M/Mi/MiB, G/Gi/GiB or
 * T/Ti/TiB, in any case, with an optional space before it. "G" means GiB,
 * as in qemu-img and libvirt. A number without a unit, and the ambiguous
 * KB/MB/GB/TB, are refused.
 *
 * Returns: %TRUE if @str is a size
 */
gboolean
slipway_parse_size (const char *str,
                    guint64    *bytes)
{
  g_return_val_if_fail (str != NULL, FALSE);

  return _slipway_parse_size_full (str, bytes) == SLIPWAY_SIZE_OK;
}

static const char * const size_units[] = { "B", "KiB", "MiB", "GiB", "TiB" };

/* The largest unit that divides @bytes exactly: what the cluster file gets,
 * so that saving and reading again gives the same number. */
char *
_slipway_format_size_exact (guint64 bytes)
{
  guint unit = 0;

  if (bytes != 0)
    {
      while (unit + 1 < G_N_ELEMENTS (size_units) && (bytes & 1023) == 0)
        {
          bytes >>= 10;
          unit++;
        }
    }

  return g_strdup_printf ("%" G_GUINT64_FORMAT "%s", bytes, size_units[unit]);
}

/**
 * slipway_format_size:
 * @bytes: a size
 *
 * Formats a size for people, in the syntax slipway_parse_size() reads, in
 * the largest unit that fits: exact when that unit divides @bytes ("2GiB",
 * "512MiB"), otherwise with one decimal ("1.5GiB", "15.6GiB"). Cluster
 * files are written with exact sizes ("1536MiB") instead.
 *
 * Returns: (transfer full): the size as text
 */
char *
slipway_format_size (guint64 bytes)
{
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];
  guint unit = 0;

  if (bytes < 1024 || (bytes & 1023) == 0)
    {
      g_autofree char *exact = _slipway_format_size_exact (bytes);
      guint64 scaled = bytes;

      /* "1048576KiB" is exact but unreadable; keep the exact form only
       * when it is short. */
      while (scaled >= 1024 && unit + 1 < G_N_ELEMENTS (size_units))
        {
          scaled >>= 10;
          unit++;
        }
      if (g_str_has_suffix (exact, size_units[unit]))
        return g_steal_pointer (&exact);
    }

  unit = 0;
  {
    double value = (double)bytes;

    while (value >= 1024.0 && unit + 1 < G_N_ELEMENTS (size_units))
      {
        value /= 1024.0;
        unit++;
      }

    g_ascii_formatd (buffer, sizeof buffer, "%.1f", value);
  }

  return g_strconcat (buffer, size_units[unit], NULL);
}
