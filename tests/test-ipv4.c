/* test-ipv4.c: the one copy of Slipway's IPv4 arithmetic
 *
 * Copyright 2026 The Slipway Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "slipway.h"

static void
test_ipv4_parse_address (void)
{
  struct { const char *str; gboolean ok; guint32 address; } cases[] = {
    { "10.77.3.11", TRUE, 0x0a4d030b },
    { "0.0.0.0", TRUE, 0 },
    { "255.255.255.255", TRUE, 0xffffffff },
    { "192.168.1.0", TRUE, 0xc0a80100 },
    { "", FALSE, 0 },
    { "10.77.3", FALSE, 0 },
    { "10.1", FALSE, 0 },
    { "10.77.3.256", FALSE, 0 },
    { "10.77.03.1", FALSE, 0 },
    { "010.77.3.1", FALSE, 0 },
    { "10.77.3.00", FALSE, 0 },
    { " 10.77.3.1", FALSE, 0 },
    { "10.77.3.1 ", FALSE, 0 },
    { "10.77.3.1.5", FALSE, 0 },
    { "10..3.1", FALSE, 0 },
    { "::1", FALSE, 0 },
    { "::ffff:10.0.0.1", FALSE, 0 },
    { "0x0a.1.2.3", FALSE, 0 },
    { "lab.test", FALSE, 0 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      guint32 address = 0xdeadbeef;

      g_test_message ("%s", cases[i].str);
      g_assert_cmpint (slipway_ipv4_parse_address (cases[i].str, &address), ==, cases[i].ok);
      if (cases[i].ok)
        g_assert_cmphex (address, ==, cases[i].address);
      else
        g_assert_cmphex (address, ==, 0xdeadbeef);
    }

  g_assert_true (slipway_ipv4_parse_address ("10.0.0.1", NULL));
}

static void
test_ipv4_parse_cidr (void)
{
  g_autoptr(GError) error = NULL;
  guint32 network = 0;
  guint prefix = 0;

  g_assert_true (slipway_ipv4_parse_cidr (" 10.77.3.0/24 ", &network, &prefix, &error));
  g_assert_no_error (error);
  g_assert_cmphex (network, ==, 0x0a4d0300);
  g_assert_cmpuint (prefix, ==, 24);

  g_assert_true (slipway_ipv4_parse_cidr ("0.0.0.0/0", &network, &prefix, NULL));
  g_assert_cmpuint (prefix, ==, 0);

  g_assert_false (slipway_ipv4_parse_cidr ("10.77.3.5/24", NULL, NULL, &error));
  g_assert_error (error, SLIPWAY_ERROR, SLIPWAY_ERROR_INVALID_SPEC);
  g_assert_nonnull (strstr (error->message, "10.77.3.0/24"));
  g_clear_error (&error);

  g_assert_false (slipway_ipv4_parse_cidr ("10.77.3.0", NULL, NULL, &error));
  g_assert_nonnull (strstr (error->message, "10.77.3.0/24"));
  g_clear_error (&error);

  g_assert_false (slipway_ipv4_parse_cidr ("10.77.3.0/33", NULL, NULL, &error));
  g_assert_error (error, SLIPWAY_ERROR, SLIPWAY_ERROR_INVALID_SPEC);
  g_clear_error (&error);

  g_assert_false (slipway_ipv4_parse_cidr ("10.77.3.0/", NULL, NULL, NULL));
  g_assert_false (slipway_ipv4_parse_cidr ("10.77.3.0/+8", NULL, NULL, NULL));
  g_assert_false (slipway_ipv4_parse_cidr ("fd00::/64", NULL, NULL, NULL));
}

static void
test_ipv4_format (void)
{
  g_autofree char *address = slipway_ipv4_to_string (0x0a4d030b);
  g_autofree char *cidr = slipway_ipv4_format_cidr (0xc0a80100, 24);
  g_autofree char *all = slipway_ipv4_format_cidr (0, 0);

  g_assert_cmpstr (address, ==, "10.77.3.11");
  g_assert_cmpstr (cidr, ==, "192.168.1.0/24");
  g_assert_cmpstr (all, ==, "0.0.0.0/0");
}

static void
test_ipv4_masks (void)
{
  guint prefix = 99;

  g_assert_cmphex (slipway_ipv4_prefix_to_mask (0), ==, 0);
  g_assert_cmphex (slipway_ipv4_prefix_to_mask (8), ==, 0xff000000);
  g_assert_cmphex (slipway_ipv4_prefix_to_mask (24), ==, 0xffffff00);
  g_assert_cmphex (slipway_ipv4_prefix_to_mask (32), ==, 0xffffffff);

  for (guint i = 0; i <= 32; i++)
    {
      g_assert_true (slipway_ipv4_mask_to_prefix (slipway_ipv4_prefix_to_mask (i), &prefix));
      g_assert_cmpuint (prefix, ==, i);
    }
  prefix = 99;
  g_assert_false (slipway_ipv4_mask_to_prefix (0xff00ff00, &prefix));
  g_assert_false (slipway_ipv4_mask_to_prefix (0x00ffffff, &prefix));
  g_assert_cmpuint (prefix, ==, 99);

  g_assert_cmpuint (slipway_ipv4_subnet_size (24), ==, 256);
  g_assert_cmpuint (slipway_ipv4_subnet_size (32), ==, 1);
  g_assert_cmpuint (slipway_ipv4_subnet_size (0), ==, G_GUINT64_CONSTANT (1) << 32);
}

static void
test_ipv4_ranges (void)
{
  guint32 reserved_network = 0;
  guint reserved_prefix = 0;

  g_assert_true (slipway_ipv4_is_private (0x0a4d0300, 24));
  g_assert_true (slipway_ipv4_is_private (0xac1f0000, 16));    /* 172.31.0.0/16 */
  g_assert_false (slipway_ipv4_is_private (0xac200000, 16));   /* 172.32.0.0/16 */
  g_assert_false (slipway_ipv4_is_private (0x0a000000, 7));
  g_assert_false (slipway_ipv4_is_private (0x08080800, 24));

  g_assert_true (slipway_ipv4_overlaps (0x0a4d0300, 24, 0x0a000000, 8));
  g_assert_true (slipway_ipv4_overlaps (0x0a000000, 8, 0x0a4d0300, 24));
  g_assert_false (slipway_ipv4_overlaps (0x0a4d0300, 24, 0x0a4d0400, 24));
  g_assert_true (slipway_ipv4_overlaps (0x0a4d0300, 24, 0x0a4d0380, 25));

  g_assert_cmpuint (slipway_ipv4_max_nodes (24), ==, SLIPWAY_MAX_NODES);
  g_assert_cmpuint (slipway_ipv4_max_nodes (28), ==, 4);
  g_assert_cmpuint (slipway_ipv4_max_nodes (29), ==, 0);
  g_assert_cmpuint (slipway_ipv4_max_nodes (16), ==, SLIPWAY_MAX_NODES);

  g_assert_nonnull (slipway_ipv4_find_reserved (0x0a200000, 24, &reserved_network, &reserved_prefix));
  g_assert_cmphex (reserved_network, ==, 0x0a200000);
  g_assert_cmpuint (reserved_prefix, ==, 24);
  g_assert_nonnull (slipway_ipv4_find_reserved (0x0a000000, 8, NULL, NULL));
  g_assert_null (slipway_ipv4_find_reserved (0x0a4d0300, 24, NULL, NULL));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/slipway/ipv4/parse-address", test_ipv4_parse_address);
  g_test_add_func ("/slipway/ipv4/parse-cidr", test_ipv4_parse_cidr);
  g_test_add_func ("/slipway/ipv4/format", test_ipv4_format);
  g_test_add_func ("/slipway/ipv4/masks", test_ipv4_masks);
  g_test_add_func ("/slipway/ipv4/ranges", test_ipv4_ranges);

  return g_test_run ();
}
