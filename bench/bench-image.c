/* bench-image.c: the throwaway disk image the test-driver benchmarks boot
 *
 * Copyright 2026 The Slipway Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <unistd.h>

#include "bench-image.h"

#define BENCH_IMAGE_SIZE (1024 * 1024)

/* A 1 MiB raw disk with an empty MBR: the smallest file Slipway's image
 * check takes for a bootable disk. The caller unlinks it. */
char *
bench_make_disk_image (GError **error)
{
  g_autofree char *contents = g_malloc0 (BENCH_IMAGE_SIZE);
  char *path = NULL;
  int fd;

  contents[510] = 0x55;
  contents[511] = (char)0xaa;
  fd = g_file_open_tmp ("slipway-bench-image-XXXXXX.img", &path, error);
  if (fd < 0)
    return NULL;
  close (fd);
  if (!g_file_set_contents (path, contents, BENCH_IMAGE_SIZE, error))
    {
      g_unlink (path);
      g_free (path);
      return NULL;
    }
  return path;
}
