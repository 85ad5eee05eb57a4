/* slipway-image-check.c: is a file a disk image Slipway can boot?
 *
 * Copyright 2026 The Slipway Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "slipway-image-check-private.h"
#include "slipway-size.h"

/* Enough for every signature looked at: the ISO 9660 volume descriptor at
 * 32 KiB is the farthest. */
#define HEAD_SIZE            (36 * 1024)
#define ISO_MAGIC_OFFSET     32769
#define TAR_MAGIC_OFFSET     257
#define QCOW2_V2_HEADER_SIZE 72
#define QCOW2_V3_HEADER_SIZE 104
/* The L1 table is read to see that the file holds the tables it points
 * to; past this many entries (a 64 TiB disk with 64 KiB clusters needs
 * 8192), only its own extent is checked. */
#define QCOW2_MAX_L1_READ    (64 * 1024)
#define QCOW2_OFFSET_MASK    G_GUINT64_CONSTANT (0x00fffffffffffe00)

typedef struct
{
  const char  *path;
  const char  *display;
  char        *quoted;        /* for commands in messages */
  int          fd;
  guint64      file_size;
  guint8       head[HEAD_SIZE];
  gsize        head_len;
} Probe;

static gboolean
has_at (const Probe *probe,
        gsize        offset,
        const char  *magic,
        gsize        len)
{
  return probe->head_len >= offset + len && memcmp (probe->head + offset, magic, len) == 0;
}

static guint64
be64 (const guint8 *p)
{
  guint64 v = 0;

  for (guint i = 0; i < 8; i++)
    v = (v << 8) | p[i];

  return v;
}

static guint32
be32 (const guint8 *p)
{
  return ((guint32)p[0] << 24) | ((guint32)p[1] << 16) | ((guint32)p[2] << 8) | p[3];
}

static gboolean
read_at (int      fd,
         void    *buf,
         gsize    len,
         guint64  offset,
         gsize   *n_read)
{
  gsize done = 0;

  while (done < len)
    {
      gssize n = pread (fd, (char *)buf + done, len - done, (off_t)(offset + done));

      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        return FALSE;
      if (n == 0)
        break;
      done += n;
    }

  *n_read = done;
  return TRUE;
}

static gboolean
name_is_tarball (const char *path)
{
  static const char * const suffixes[] = {
    ".tar.xz", ".txz", ".tar.gz", ".tgz", ".tar.zst", ".tzst", ".tar.bz2", ".tbz2",
  };
  g_autofree char *lower = g_ascii_strdown (path, -1);

  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    if (g_str_has_suffix (lower, suffixes[i]))
      return TRUE;

  return FALSE;
}

static char *
check_compressed (const Probe *probe)
{
  static const struct {
    const char *magic;
    gsize       len;
    const char *tool;
  } formats[] = {
    { "\xfd" "7zXZ\x00", 6, "xz" },
    { "\x1f\x8b", 2, "gzip" },
    { "\x28\xb5\x2f\xfd", 4, "zstd" },
    { "BZh", 3, "bzip2" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (formats); i++)
    {
      g_autofree char *command = NULL;

      if (!has_at (probe, 0, formats[i].magic, formats[i].len))
        continue;

      if (name_is_tarball (probe->path))
        return g_strdup_printf (/* Translators: the first %s is a file name, the second a
                                 * compression program ("xz"), the third the file name
                                 * again, quoted for a shell */
                                _("“%s” is a tar archive compressed with %s, not a disk "
                                  "image: unpack it first (tar -xf %s) and write the path of "
                                  "the disk image inside."),
                                probe->display, formats[i].tool, probe->quoted);

      command = g_strdup_printf ("%s -d %s", formats[i].tool, probe->quoted);
      return g_strdup_printf (/* Translators: the first %s is a file name, the second a
                               * compression program ("xz"), the third a command */
                              _("“%s” is compressed with %s, not a disk image: decompress "
                                "it first (%s) and write the path of the file that gives."),
                              probe->display, formats[i].tool, command);
    }

  if (has_at (probe, TAR_MAGIC_OFFSET, "ustar", 5))
    return g_strdup_printf (/* Translators: the first %s is a file name, the second the
                             * file name again, quoted for a shell */
                            _("“%s” is a tar archive, not a disk image: unpack it first "
                              "(tar -xf %s) and write the path of the disk image inside."),
                            probe->display, probe->quoted);

  return NULL;
}

static char *
check_other_disk_format (const Probe *probe)
{
  const char *format = NULL;

  if (has_at (probe, 0, "KDMV", 4) || has_at (probe, 0, "# Disk DescriptorFile", 21))
    format = "VMDK";
  else if (has_at (probe, 0, "vhdxfile", 8))
    format = "VHDX";
  else if (has_at (probe, 64, "\x7f\x10\xda\xbe", 4))
    format = "VDI";
  else if (has_at (probe, 0, "conectix", 8))
    format = "VHD";

  if (format == NULL)
    return NULL;

  return g_strdup_printf (/* Translators: the first %s is a file name, the second a disk
                           * image format ("VMDK"), the third the file name quoted for a
                           * shell */
                          _("“%s” is a %s disk image, which Slipway cannot use as it is: "
                            "convert it (qemu-img convert -O qcow2 %s new.qcow2) and write "
                            "the path of the new file."),
                          probe->display, format, probe->quoted);
}

static char *
truncated_qcow2 (const Probe *probe,
                 guint64      needed)
{
  g_autofree char *needed_str = slipway_format_size (needed);
  g_autofree char *size_str = slipway_format_size (probe->file_size);

  return g_strdup_printf (/* Translators: the first %s is a file name, then two sizes */
                          _("“%s” is a truncated qcow2 image: its header says it holds at "
                            "least %s, but the file has only %s. Download or copy it again."),
                          probe->display, needed_str, size_str);
}

static char *
check_backing_file (const Probe *probe,
                    guint64      offset,
                    guint32      length)
{
  g_autofree char *backing = NULL;
  g_autofree char *backing_display = NULL;
  gsize n = 0;

  if (length == 0 || length > 1023 || offset + length > probe->file_size)
    return g_strdup_printf (/* Translators: %s is a file name */
                            _("“%s” has a damaged qcow2 header: its backing file name lies "
                              "outside the file. Download or copy it again."),
                            probe->display);

  backing = g_malloc0 (length + 1);
  if (!read_at (probe->fd, backing, length, offset, &n) || n != length)
    return g_strdup_printf (/* Translators: %s is a file name */
                            _("“%s” could not be read to its end: download or copy it "
                              "again."),
                            probe->display);

  /* A file of this host that qemu opens by its absolute path reaches it
   * from the pool; a relative name would be looked for inside the pool. */
  if (g_path_is_absolute (backing) && g_file_test (backing, G_FILE_TEST_IS_REGULAR))
    return NULL;

  backing_display = g_filename_display_name (backing);
  return g_strdup_printf (/* Translators: the first %s is a file name, the second the
                           * name of the file it is based on, the third the first quoted
                           * for a shell */
                          _("“%s” is a qcow2 overlay on “%s”, which the storage pool cannot "
                            "reach: make a standalone image of it (qemu-img convert -O qcow2 "
                            "%s standalone.qcow2) and write the path of the new file."),
                          probe->display, backing_display, probe->quoted);
}

static char *
check_qcow2 (const Probe *probe)
{
  const guint8 *h = probe->head;
  guint32 version, cluster_bits, backing_size, l1_size, refcount_clusters, header_length;
  guint64 backing_offset, size, l1_offset, refcount_offset, cluster_size, needed;

  if (probe->head_len < QCOW2_V2_HEADER_SIZE)
    return truncated_qcow2 (probe, QCOW2_V2_HEADER_SIZE);

  version = be32 (h + 4);
  if (version != 2 && version != 3)
    return g_strdup_printf (/* Translators: the first %s is a file name, %u a version
                             * number */
                            _("“%s” says it is a qcow2 image of version %u, which does not "
                              "exist: the file is damaged. Download or copy it again."),
                            probe->display, version);

  header_length = QCOW2_V2_HEADER_SIZE;
  if (version == 3)
    {
      if (probe->head_len < QCOW2_V3_HEADER_SIZE)
        return truncated_qcow2 (probe, QCOW2_V3_HEADER_SIZE);
      header_length = be32 (h + 100);
    }

  backing_offset = be64 (h + 8);
  backing_size = be32 (h + 16);
  cluster_bits = be32 (h + 20);
  size = be64 (h + 24);
  l1_size = be32 (h + 36);
  l1_offset = be64 (h + 40);
  refcount_offset = be64 (h + 48);
  refcount_clusters = be32 (h + 56);

  /* qemu's own limits: clusters of 512 bytes to 2 MiB. */
  if (cluster_bits < 9 || cluster_bits > 21 || size == 0 || header_length < QCOW2_V2_HEADER_SIZE ||
      l1_offset > G_MAXUINT64 / 2 || refcount_offset > G_MAXUINT64 / 2)
    return g_strdup_printf (/* Translators: %s is a file name */
                            _("“%s” has a damaged qcow2 header: download or copy it again."),
                            probe->display);

  cluster_size = G_GUINT64_CONSTANT (1) << cluster_bits;

  /* The tables the header points to must be inside the file. */
  needed = header_length;
  needed = MAX (needed, l1_offset + (guint64)l1_size * 8);
  needed = MAX (needed, refcount_offset + (guint64)refcount_clusters * cluster_size);
  if (needed > probe->file_size)
    return truncated_qcow2 (probe, needed);

  /* And so must every L2 table the L1 table points to: a cut-off
   * download loses the last of them. */
  if (l1_size > 0)
    {
      gsize n_entries = MIN (l1_size, QCOW2_MAX_L1_READ);
      g_autofree guint8 *l1 = g_malloc (n_entries * 8);
      gsize n = 0;

      if (!read_at (probe->fd, l1, n_entries * 8, l1_offset, &n) || n != n_entries * 8)
        return truncated_qcow2 (probe, l1_offset + (guint64)n_entries * 8);

      needed = 0;
      for (gsize i = 0; i < n_entries; i++)
        {
          guint64 l2 = be64 (l1 + i * 8) & QCOW2_OFFSET_MASK;

          if (l2 != 0)
            needed = MAX (needed, l2 + cluster_size);
        }
      if (needed > probe->file_size)
        return truncated_qcow2 (probe, needed);
    }

  if (backing_offset != 0)
    return check_backing_file (probe, backing_offset, backing_size);

  return NULL;
}

static gboolean
looks_like_text (const Probe *probe)
{
  gsize len = MIN (probe->head_len, 4096);
  const char *end = NULL;

  if (memchr (probe->head, '\0', len) != NULL)
    return FALSE;

  /* The last character may be cut in half. */
  if (!g_utf8_validate ((const char *)probe->head, len, &end))
    return (gsize)(end - (const char *)probe->head) + 4 > len;

  return TRUE;
}

static gboolean
looks_like_html (const Probe *probe)
{
  gsize len = MIN (probe->head_len, 1024);
  g_autofree char *start = g_ascii_strdown ((const char *)probe->head, len);

  return strstr (start, "<!doctype html") != NULL || strstr (start, "<html") != NULL;
}

static char *
check_head (const Probe *probe)
{
  char *message;

  if (probe->file_size == 0)
    return g_strdup_printf (/* Translators: %s is a file name */
                            _("“%s” is empty: the download or copy did not finish. Download "
                              "the cloud image again."),
                            probe->display);

  if (has_at (probe, 0, "QFI\xfb", 4))
    return check_qcow2 (probe);

  if ((message = check_compressed (probe)) != NULL ||
      (message = check_other_disk_format (probe)) != NULL)
    return message;

  /* Before the partition table: installer ISOs are hybrid and have one. */
  if (has_at (probe, ISO_MAGIC_OFFSET, "CD001", 5))
    return g_strdup_printf (/* Translators: %s is a file name */
                            _("“%s” is an ISO 9660 image, such as an installer or a live "
                              "system: Slipway needs a cloud image that sets itself up with "
                              "cloud-init, such as Debian 12’s “genericcloud” qcow2."),
                            probe->display);

  /* A raw disk: a GPT header in the second sector (of 512 or 4096
   * bytes), or an MBR's boot signature. */
  if (has_at (probe, 512, "EFI PART", 8) || has_at (probe, 4096, "EFI PART", 8) ||
      has_at (probe, 510, "\x55\xaa", 2))
    return NULL;

  if (looks_like_text (probe))
    {
      if (looks_like_html (probe))
        return g_strdup_printf (/* Translators: %s is a file name */
                                _("“%s” is a web page, not a disk image: the download "
                                  "probably failed. Download the cloud image again, from "
                                  "the link to the file itself."),
                                probe->display);

      return g_strdup_printf (/* Translators: %s is a file name */
                              _("“%s” is a text file, not a disk image: write the path of a "
                                "cloud image, such as Debian 12’s “genericcloud” qcow2."),
                              probe->display);
    }

  return g_strdup_printf (/* Translators: %s is a file name */
                          _("“%s” is not a disk image Slipway can boot: it is neither qcow2 "
                            "nor a raw disk with a partition table (MBR or GPT). Write the "
                            "path of a cloud image, such as Debian 12’s “genericcloud” "
                            "qcow2."),
                          probe->display);
}

/*
 * _slipway_image_check_file:
 * @path: a regular, readable file
 * @display: its name for messages
 *
 * Looks at the first bytes of @path (and, for a qcow2 image, at its L1
 * table) to tell whether it is a disk image a node can boot: qcow2 that is
 * whole and stands alone, or raw with a partition table. Blocks on the
 * disk: call it from a worker thread.
 *
 * Returns: (transfer full) (nullable): %NULL when it is, or what the file
 *   is instead and what to do
 */
char *
_slipway_image_check_file (const char *path,
                           const char *display)
{
  g_autofree Probe *probe = g_new0 (Probe, 1);
  g_autofree char *quoted_display = NULL;
  char *message;
  struct stat st;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (display != NULL, NULL);

  probe->path = path;
  probe->display = display;
  probe->fd = g_open (path, O_RDONLY | O_CLOEXEC, 0);
  if (probe->fd < 0 || fstat (probe->fd, &st) != 0 ||
      !read_at (probe->fd, probe->head, sizeof probe->head, 0, &probe->head_len))
    {
      int saved_errno = errno;

      if (probe->fd >= 0)
        close (probe->fd);
      return g_strdup_printf (/* Translators: the first %s is a file name, the second the
                               * reason from the system */
                              _("“%s” cannot be read: %s."),
                              display, g_strerror (saved_errno));
    }

  probe->file_size = st.st_size;
  quoted_display = g_shell_quote (display);
  probe->quoted = quoted_display;
  message = check_head (probe);
  close (probe->fd);

  return message;
}
