/* test-image.c: files that are not bootable disk images are turned away
 * before anything is made (test driver)
 *
 * Copyright 2026 The Slipway Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <fcntl.h>
#include <gio/gio.h>
#include <glib/gstdio.h>
#include <libvirt/libvirt.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "slipway.h"
#include "slipway-image-checksum-private.h"
#include "slipway-test-utils.h"

#define TEST_URI     "test:///default"
#define CLUSTER_BITS 16
#define CLUSTER      (G_GUINT64_CONSTANT (1) << CLUSTER_BITS)

/* test:///default keeps its state while any connection to it is open. */
static virConnectPtr observer;
/* Where the images are made; one folder for the whole program. */
static char *images_dir;

/* Making images ------------------------------------------------------------ */

static void
put_be32 (guint8  *p,
          guint32  v)
{
  for (guint i = 0; i < 4; i++)
    p[i] = (guint8)(v >> (24 - 8 * i));
}

static void
put_be64 (guint8  *p,
          guint64  v)
{
  for (guint i = 0; i < 8; i++)
    p[i] = (guint8)(v >> (56 - 8 * i));
}

static char *
image_path (const char *name)
{
  return g_build_filename (images_dir, name, NULL);
}

static char *
write_image (const char   *name,
             const void   *data,
             gsize         len)
{
  g_autoptr(GError) error = NULL;
  char *path = image_path (name);

  g_file_set_contents (path, data, len, &error);
  g_assert_no_error (error);

  return path;
}

/* A whole qcow2 v3 image of 64 MiB with 64 KiB clusters: header, refcount
 * table, refcount block, L1 table, one L2 table. With @backing, the header
 * names it as its backing file. */
static GBytes *
make_qcow2 (const char *backing)
{
  gsize len = 5 * CLUSTER;
  guint8 *data = g_malloc0 (len);

  memcpy (data, "QFI\xfb", 4);
  put_be32 (data + 4, 3);                           /* version */
  if (backing != NULL)
    {
      put_be64 (data + 8, 512);                     /* backing file name offset */
      put_be32 (data + 16, strlen (backing));
      memcpy (data + 512, backing, strlen (backing));
    }
  put_be32 (data + 20, CLUSTER_BITS);
  put_be64 (data + 24, 64 * 1024 * 1024);           /* virtual size */
  put_be32 (data + 36, 1);                          /* L1 entries */
  put_be64 (data + 40, 3 * CLUSTER);                /* L1 table */
  put_be64 (data + 48, 1 * CLUSTER);                /* refcount table */
  put_be32 (data + 56, 1);                          /* its clusters */
  put_be32 (data + 96, 4);                          /* refcount order */
  put_be32 (data + 100, 104);                       /* header length */
  put_be64 (data + 1 * CLUSTER, 2 * CLUSTER);       /* refcount block */
  for (guint i = 0; i < 5; i++)
    {
      data[2 * CLUSTER + 2 * i] = 0;
      data[2 * CLUSTER + 2 * i + 1] = 1;
    }
  put_be64 (data + 3 * CLUSTER, (G_GUINT64_CONSTANT (1) << 63) | 4 * CLUSTER);   /* L2 table */

  return g_bytes_new_take (data, len);
}

/* A raw disk with an empty MBR, as a real one starts. */
static GBytes *
make_raw (gsize len)
{
  guint8 *data = g_malloc0 (len);

  data[510] = 0x55;
  data[511] = 0xaa;
  return g_bytes_new_take (data, len);
}

static char *
write_bytes (const char *name,
             GBytes     *bytes)
{
  gsize len;
  const void *data = g_bytes_get_data (bytes, &len);

  return write_image (name, data, len);
}

/* Runs @argv in the images folder; the program must exist. */
static void
run (const char * const *argv)
{
  g_autoptr(GError) error = NULL;
  int status = 0;

  g_spawn_sync (images_dir, (char **)argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL,
                &status, &error);
  g_assert_no_error (error);
  g_spawn_check_wait_status (status, &error);
  g_assert_no_error (error);
}

/* @name compressed with @tool ("xz"), into @name + @suffix. */
static char *
compress_file (const char *tool,
               const char *name,
               const char *suffix)
{
  g_autofree char *program = slipway_test_require_program (tool, tool);
  const char *argv[] = { program, "-q", "-k", "-f", name, NULL };

  run (argv);
  return g_strconcat (images_dir, G_DIR_SEPARATOR_S, name, suffix, NULL);
}

/* Listing what exists ------------------------------------------------------ */

static void
list_files (const char *dir,
            GPtrArray  *out)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  if (d == NULL)
    return;

  while ((name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);

      g_ptr_array_add (out, g_strdup (path));
      if (g_file_test (path, G_FILE_TEST_IS_DIR) && !g_file_test (path, G_FILE_TEST_IS_SYMLINK))
        list_files (path, out);
    }
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return strcmp (*(const char * const *)a, *(const char * const *)b);
}

/* Every libvirt object of the test driver and every file of the private
 * home and the images folder, one per line, sorted. */
static char *
snapshot (void)
{
  g_autoptr(GPtrArray) lines = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GString) out = g_string_new (NULL);
  virDomainPtr *domains = NULL;
  virNetworkPtr *networks = NULL;
  virStoragePoolPtr *pools = NULL;
  int n;

  n = virConnectListAllDomains (observer, &domains, 0);
  g_assert_cmpint (n, >=, 0);
  for (int i = 0; i < n; i++)
    {
      g_ptr_array_add (lines, g_strdup_printf ("domain %s", virDomainGetName (domains[i])));
      virDomainFree (domains[i]);
    }
  free (domains);

  n = virConnectListAllNetworks (observer, &networks, 0);
  g_assert_cmpint (n, >=, 0);
  for (int i = 0; i < n; i++)
    {
      g_ptr_array_add (lines, g_strdup_printf ("network %s", virNetworkGetName (networks[i])));
      virNetworkFree (networks[i]);
    }
  free (networks);

  n = virConnectListAllStoragePools (observer, &pools, 0);
  g_assert_cmpint (n, >=, 0);
  for (int i = 0; i < n; i++)
    {
      virStorageVolPtr *vols = NULL;
      int n_vols = virStoragePoolListAllVolumes (pools[i], &vols, 0);

      g_ptr_array_add (lines, g_strdup_printf ("pool %s", virStoragePoolGetName (pools[i])));
      for (int j = 0; j < n_vols; j++)
        {
          g_ptr_array_add (lines, g_strdup_printf ("volume %s/%s", virStoragePoolGetName (pools[i]),
                                                   virStorageVolGetName (vols[j])));
          virStorageVolFree (vols[j]);
        }
      free (vols);
      virStoragePoolFree (pools[i]);
    }
  free (pools);

  list_files (g_get_home_dir (), lines);
  list_files (g_get_user_data_dir (), lines);
  list_files (g_get_user_config_dir (), lines);
  list_files (g_get_user_cache_dir (), lines);
  list_files (images_dir, lines);

  g_ptr_array_sort (lines, compare_strings);
  for (guint i = 0; i < lines->len; i++)
    {
      g_string_append (out, g_ptr_array_index (lines, i));
      g_string_append_c (out, '\n');
    }

  return g_string_free (g_steal_pointer (&out), FALSE);
}

/* The check --------------------------------------------------------------- */

static SlipwaySpec *
spec_for (const char *image)
{
  SlipwaySpec *spec = slipway_spec_new_default ("imgcheck");

  g_free (spec->image);
  spec->image = g_strdup (image);
  spec->network = SLIPWAY_NETWORK_ISOLATED;
  spec->accelerator = SLIPWAY_ACCELERATOR_TCG;
  spec->roles[SLIPWAY_ROLE_GATEWAY].count = 0;
  spec->roles[SLIPWAY_ROLE_CONTROL].count = 1;
  spec->roles[SLIPWAY_ROLE_WORKER].count = 0;

  return spec;
}

/* Plans a cluster of @image and tries to create it: the plan's problems
 * must be exactly @expected (NULL: none), and a refused create must have
 * made nothing, not even a file. */
static void
assert_image (const char *image,
              const char *expected)
{
  SlipwayConnection *connection = slipway_test_open_connection (TEST_URI);
  g_autoptr(SlipwaySpec) spec = spec_for (image);
  g_autoptr(SlipwayPlan) plan = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(SlipwayCluster) cluster = NULL;
  g_autofree char *before = snapshot ();
  g_autofree char *after = NULL;
  g_autofree char *actual = NULL;
  g_autofree char *wanted = NULL;

  plan = slipway_test_plan_spec (connection, spec);
  actual = slipway_test_problems_to_lines (slipway_plan_get_problems (plan));
  if (expected != NULL)
    wanted = g_strdup_printf ("error: [cluster] image: %s\n", expected);
  else
    wanted = g_strdup ("");
  g_assert_cmpstr (actual, ==, wanted);

  if (expected == NULL)
    {
      g_clear_object (&plan);
      slipway_test_unref_and_wait (connection);
      return;
    }

  slipway_connection_create_cluster_async (connection, plan, NULL, slipway_test_store_result_cb,
                                           &result);
  cluster = slipway_connection_create_cluster_finish (connection, slipway_test_wait_result (&result),
                                                      &error);
  g_assert_null (cluster);
  g_assert_error (error, SLIPWAY_ERROR, SLIPWAY_ERROR_INVALID_SPEC);
  g_assert_nonnull (strstr (error->message, expected));

  after = snapshot ();
  g_assert_cmpstr (after, ==, before);

  g_clear_object (&result);
  g_clear_object (&plan);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  slipway_test_unref_and_wait (connection);
}

/* @format with "@PATH@" replaced by @path and "@QUOTED@" by @path quoted
 * for a shell. */
static char *
message_for (const char *format,
             const char *path)
{
  g_autofree char *quoted = g_shell_quote (path);
  g_autoptr(GString) message = g_string_new (format);

  g_string_replace (message, "@PATH@", path, 0);
  g_string_replace (message, "@QUOTED@", quoted, 0);

  return g_string_free (g_steal_pointer (&message), FALSE);
}

/* Bad images --------------------------------------------------------------- */

static void
test_text (void)
{
  static const char passwd[] = "root:x:0:0:root:/root:/bin/bash\n"
                               "daemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin\n";
  g_autofree char *path = write_image ("passwd", passwd, strlen (passwd));
  g_autofree char *expected = message_for ("“@PATH@” is a text file, not a disk image: write the "
                                           "path of a cloud image, such as Debian 12’s "
                                           "“genericcloud” qcow2.", path);

  assert_image (path, expected);
}

static void
test_html (void)
{
  static const char page[] = "\n  <!DOCTYPE html>\n<html><head><title>404 Not Found</title>"
                             "</head><body><h1>Not Found</h1></body></html>\n";
  g_autofree char *path = write_image ("debian-12-genericcloud-amd64.qcow2", page, strlen (page));
  g_autofree char *expected = message_for ("“@PATH@” is a web page, not a disk image: the download "
                                           "probably failed. Download the cloud image again, "
                                           "from the link to the file itself.", path);

  assert_image (path, expected);
  g_unlink (path);
}

static void
test_empty (void)
{
  g_autofree char *path = write_image ("empty.qcow2", "", 0);
  g_autofree char *expected = message_for ("“@PATH@” is empty: the download or copy did not "
                                           "finish. Download the cloud image again.", path);

  assert_image (path, expected);
}

static void
test_raw_without_partitions (void)
{
  g_autofree char *zeros = g_malloc0 (1024 * 1024);
  g_autofree char *path = write_image ("zeros.img", zeros, 1024 * 1024);
  g_autofree char *expected = message_for ("“@PATH@” is not a disk image Slipway can boot: it is "
                                           "neither qcow2 nor a raw disk with a partition table "
                                           "(MBR or GPT). Write the path of a cloud image, such "
                                           "as Debian 12’s “genericcloud” qcow2.", path);

  assert_image (path, expected);
}

static void
test_compressed (void)
{
  static const struct {
    const char *tool;
    const char *source;
    const char *suffix;
  } cases[] = {
    { "xz", "disk.qcow2", ".xz" },
    { "gzip", "disk.img", ".gz" },
    { "zstd", "disk.raw", ".zst" },
    { "bzip2", "disk.qcow2", ".bz2" },
  };
  g_autoptr(GBytes) qcow2 = make_qcow2 (NULL);
  g_autoptr(GBytes) raw = make_raw (64 * 1024);

  g_free (write_bytes ("disk.qcow2", qcow2));
  g_free (write_bytes ("disk.img", raw));
  g_free (write_bytes ("disk.raw", raw));

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *path = compress_file (cases[i].tool, cases[i].source, cases[i].suffix);
      g_autofree char *quoted = g_shell_quote (path);
      g_autofree char *expected = NULL;

      expected = g_strdup_printf ("“%s” is compressed with %s, not a disk image: decompress "
                                  "it first (%s -d %s) and write the path of the file that "
                                  "gives.", path, cases[i].tool, cases[i].tool, quoted);
      assert_image (path, expected);
      g_unlink (path);
    }
}

static void
test_tarballs (void)
{
  g_autofree char *tar = slipway_test_require_program ("tar", "tar");
  g_autoptr(GBytes) qcow2 = make_qcow2 (NULL);
  const char *tar_argv[] = { tar, "-cf", "disk.tar", "disk.qcow2", NULL };
  const char *txz_argv[] = { tar, "-cJf", "debian-12-nocloud-amd64.tar.xz", "disk.qcow2", NULL };
  g_autofree char *path = NULL;
  g_autofree char *expected = NULL;

  g_free (write_bytes ("disk.qcow2", qcow2));

  run (tar_argv);
  path = image_path ("disk.tar");
  expected = message_for ("“@PATH@” is a tar archive, not a disk image: unpack it first (tar -xf "
                          "@QUOTED@) and write the path of the disk image inside.", path);
  assert_image (path, expected);
  g_clear_pointer (&path, g_free);
  g_clear_pointer (&expected, g_free);

  run (txz_argv);
  path = image_path ("debian-12-nocloud-amd64.tar.xz");
  {
    g_autofree char *quoted = g_shell_quote (path);

    expected = g_strdup_printf ("“%s” is a tar archive compressed with xz, not a disk image: "
                                "unpack it first (tar -xf %s) and write the path of the disk "
                                "image inside.", path, quoted);
  }
  assert_image (path, expected);
}

static void
test_iso (void)
{
  g_autofree char *path = image_path ("debian-12.4.0-amd64-netinst.iso");
  g_autofree char *mkisofs = g_find_program_in_path ("genisoimage");
  g_autofree char *expected = NULL;

  if (mkisofs != NULL)
    {
      g_autofree char *content = g_build_filename (images_dir, "iso-content", NULL);
      g_autofree char *readme = g_build_filename (content, "README", NULL);
      const char *argv[] = { mkisofs, "-quiet", "-V", "DEBIAN", "-o", path, content, NULL };

      g_assert_cmpint (g_mkdir_with_parents (content, 0700), ==, 0);
      g_assert_true (g_file_set_contents (readme, "install me\n", -1, NULL));
      run (argv);
    }
  else
    {
      /* A primary volume descriptor at sector 16, and the MBR of a hybrid
       * ISO in front of it, as installers have. */
      g_autoptr(GBytes) iso = make_raw (34 * 1024);
      guint8 *data = (guint8 *)g_bytes_get_data (iso, NULL);

      memcpy (data + 32768, "\x01" "CD001\x01", 7);
      g_free (write_bytes ("debian-12.4.0-amd64-netinst.iso", iso));
    }

  expected = message_for ("“@PATH@” is an ISO 9660 image, such as an installer or a live system: "
                          "Slipway needs a cloud image that sets itself up with cloud-init, "
                          "such as Debian 12’s “genericcloud” qcow2.", path);
  assert_image (path, expected);
}

static void
test_qcow2_truncated (void)
{
  g_autoptr(GBytes) qcow2 = make_qcow2 (NULL);
  g_autofree char *path = NULL;
  g_autofree char *expected = NULL;

  /* Cut inside the L2 table: header and L1 table are whole. */
  g_autoptr(GBytes) cut = g_bytes_new_from_bytes (qcow2, 0, 4 * CLUSTER + 4096);
  path = write_bytes ("cut.qcow2", cut);
  expected = message_for ("“@PATH@” is a truncated qcow2 image: its header says it holds at least "
                          "320KiB, but the file has only 260KiB. Download or copy it again.", path);
  assert_image (path, expected);
  g_clear_pointer (&path, g_free);
  g_clear_pointer (&expected, g_free);

  /* Cut inside the header */
  {
    g_autoptr(GBytes) header = g_bytes_new_from_bytes (qcow2, 0, 50);

    path = write_bytes ("header.qcow2", header);
    expected = message_for ("“@PATH@” is a truncated qcow2 image: its header says it holds at "
                            "least 72B, but the file has only 50B. Download or copy it again.", path);
    assert_image (path, expected);
  }
}

static void
test_qcow2_backing (void)
{
  g_autoptr(GBytes) overlay = make_qcow2 ("debian-base.qcow2");
  g_autofree char *path = write_bytes ("overlay.qcow2", overlay);
  g_autofree char *quoted = g_shell_quote (path);
  g_autofree char *expected = NULL;

  expected = g_strdup_printf ("“%s” is a qcow2 overlay on “debian-base.qcow2”, which the "
                              "storage pool cannot reach: make a standalone image of it "
                              "(qemu-img convert -O qcow2 %s standalone.qcow2) and write the "
                              "path of the new file.", path, quoted);
  assert_image (path, expected);
}

static void
test_vmdk (void)
{
  guint8 header[1024] = { 'K', 'D', 'M', 'V', 1 };
  g_autofree char *path = write_image ("disk.vmdk", header, sizeof header);
  g_autofree char *expected = message_for ("“@PATH@” is a VMDK disk image, which Slipway cannot use "
                                           "as it is: convert it (qemu-img convert -O qcow2 @QUOTED@ "
                                           "new.qcow2) and write the path of the new file.", path);

  assert_image (path, expected);
}

/* Good images -------------------------------------------------------------- */

static void
test_good (void)
{
  g_autoptr(GBytes) qcow2 = make_qcow2 (NULL);
  g_autoptr(GBytes) raw = make_raw (64 * 1024);
  g_autofree char *qcow2_path = write_bytes ("good.qcow2", qcow2);
  g_autofree char *raw_path = write_bytes ("good.img", raw);
  g_autofree char *overlay_path = NULL;
  g_autofree char *gpt_path = NULL;
  g_autofree char *qemu_img = g_find_program_in_path ("qemu-img");

  assert_image (qcow2_path, NULL);
  assert_image (raw_path, NULL);

  /* A backing file this host has, by its absolute path */
  {
    g_autoptr(GBytes) overlay = make_qcow2 (qcow2_path);

    overlay_path = write_bytes ("good-overlay.qcow2", overlay);
    assert_image (overlay_path, NULL);
  }

  /* GPT without a protective MBR's signature */
  {
    g_autofree guint8 *gpt = g_malloc0 (8192);

    memcpy (gpt + 512, "EFI PART", 8);
    gpt_path = write_image ("gpt.img", gpt, 8192);
    assert_image (gpt_path, NULL);
  }

  /* What qemu-img makes itself */
  if (qemu_img != NULL)
    {
      const char *argv[] = { qemu_img, "create", "-q", "-f", "qcow2", "real.qcow2", "1G", NULL };
      g_autofree char *real = image_path ("real.qcow2");

      run (argv);
      assert_image (real, NULL);
    }
}

/* The checksum of an image -------------------------------------------------- */

/* The base volume a create of @image made in the pool, by its name. */
static char *
base_volume_of_create (const char *image)
{
  SlipwayConnection *connection = slipway_test_open_connection (TEST_URI);
  g_autoptr(SlipwaySpec) spec = spec_for (image);
  g_autoptr(SlipwayCluster) cluster = slipway_test_create_cluster (connection, spec);
  virStoragePoolPtr pool = virStoragePoolLookupByName (observer, "slipway");
  g_auto(GStrv) names = NULL;
  char *base = NULL;
  int n;

  g_assert_nonnull (pool);
  g_assert_cmpint (virStoragePoolRefresh (pool, 0), ==, 0);
  n = virStoragePoolNumOfVolumes (pool);
  names = g_new0 (char *, n + 1);
  g_assert_cmpint (virStoragePoolListVolumes (pool, names, n), ==, n);
  for (int i = 0; i < n; i++)
    if (g_str_has_prefix (names[i], "slipway-base-"))
      {
        g_assert_null (base);
        base = g_strdup (names[i]);
      }
  g_assert_nonnull (base);
  virStoragePoolFree (pool);

  slipway_test_destroy_cluster (cluster, SLIPWAY_DESTROY_FLAGS_DELETE_IMAGE);
  g_clear_object (&cluster);
  slipway_test_unref_and_wait (connection);

  return base;
}

static char *
expected_base (GBytes *contents)
{
  g_autofree char *sum = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, contents);

  return g_strdup_printf ("slipway-base-%.16s.qcow2", sum);
}

/* The base volume is named by the image's checksum, which a create keeps
 * for the next while the file is the same (and changed long enough before
 * it was read); a file written to since is read again, even with the same
 * size and modification time. */
static void
test_checksum_remembered (void)
{
  g_autoptr(GBytes) first = make_qcow2 (NULL);
  g_autoptr(GBytes) second = NULL;
  g_autofree char *path = write_bytes ("remembered.qcow2", first);
  g_autofree char *stamp = NULL;
  g_autofree char *remembered = NULL;
  g_autofree char *sum = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, first);
  g_autofree char *base = NULL;
  g_autofree char *wanted = expected_base (first);
  const char *planted = "abababababababababababababababababababababababababababababababab";
  gint64 settle = _slipway_image_checksum_settle_usec;
  struct stat st;

  g_assert_cmpint (g_stat (path, &st), ==, 0);
  stamp = _slipway_image_checksum_stamp (&st);

  /* Written just now: read, and not kept (its times may be too coarse to
   * tell a change within the same tick). */
  base = base_volume_of_create (path);
  g_assert_cmpstr (base, ==, wanted);
  g_assert_null (_slipway_image_checksum_lookup (path, stamp));

  _slipway_image_checksum_settle_usec = 0;
  g_clear_pointer (&base, g_free);
  base = base_volume_of_create (path);
  g_assert_cmpstr (base, ==, wanted);
  remembered = _slipway_image_checksum_lookup (path, stamp);
  g_assert_cmpstr (remembered, ==, sum);

  /* The next create takes the kept one, without reading the file. */
  _slipway_image_checksum_remember (path, stamp, planted);
  g_clear_pointer (&base, g_free);
  base = base_volume_of_create (path);
  g_assert_cmpstr (base, ==, "slipway-base-abababababababab.qcow2");

  /* Another image of the same size, its modification time set back. */
  {
    gsize len;
    guint8 *bytes = g_bytes_unref_to_data (g_bytes_ref (first), &len);
    struct timespec times[2] = { st.st_atim, st.st_mtim };
    int fd;

    bytes[len - 1] ^= 0xff;
    second = g_bytes_new_take (bytes, len);
    fd = g_open (path, O_WRONLY | O_CLOEXEC, 0);
    g_assert_cmpint (fd, >=, 0);
    g_assert_cmpint (pwrite (fd, bytes + len - 1, 1, len - 1), ==, 1);
    g_assert_cmpint (futimens (fd, times), ==, 0);
    close (fd);
  }
  g_clear_pointer (&base, g_free);
  g_clear_pointer (&wanted, g_free);
  base = base_volume_of_create (path);
  wanted = expected_base (second);
  g_assert_cmpstr (base, ==, wanted);

  _slipway_image_checksum_settle_usec = settle;
}

/* What the cache keeps: an entry per file and stamp, 64 at most; a
 * damaged cache is no error. */
static void
test_checksum_cache (void)
{
  g_autoptr(GBytes) contents = make_raw (64 * 1024);
  g_autofree char *path = write_bytes ("cached.img", contents);
  g_autofree char *older = write_bytes ("older.img", contents);
  g_autofree char *cache = g_build_filename (g_get_user_cache_dir (), "slipway", "image-checksums", NULL);
  g_autofree char *sum = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, contents);
  g_autofree char *stamp = NULL;
  g_autofree char *older_stamp = NULL;
  g_autofree char *found = NULL;
  struct stat st;

  g_assert_cmpint (g_stat (path, &st), ==, 0);
  stamp = _slipway_image_checksum_stamp (&st);
  g_assert_cmpint (g_stat (older, &st), ==, 0);
  older_stamp = _slipway_image_checksum_stamp (&st);
  g_assert_null (_slipway_image_checksum_lookup (path, stamp));

  _slipway_image_checksum_remember (older, older_stamp, sum);
  _slipway_image_checksum_remember (path, stamp, sum);
  found = _slipway_image_checksum_lookup (path, stamp);
  g_assert_cmpstr (found, ==, sum);
  g_clear_pointer (&found, g_free);
  found = _slipway_image_checksum_lookup (older, older_stamp);
  g_assert_cmpstr (found, ==, sum);
  g_clear_pointer (&found, g_free);
  /* Another stamp: not the same file any more. */
  g_assert_null (_slipway_image_checksum_lookup (path, older_stamp));

  /* Kept private; at most 64 files, the oldest forgotten first. */
  g_assert_cmpint (g_stat (cache, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
  for (guint i = 0; i < 70; i++)
    {
      g_autofree char *other = g_strdup_printf ("/images/%u.img", i);

      _slipway_image_checksum_remember (other, stamp, sum);
    }
  g_assert_null (_slipway_image_checksum_lookup (older, older_stamp));
  g_assert_null (_slipway_image_checksum_lookup ("/images/5.img", stamp));
  found = _slipway_image_checksum_lookup ("/images/69.img", stamp);
  g_assert_cmpstr (found, ==, sum);
  g_clear_pointer (&found, g_free);
  {
    g_autoptr(GKeyFile) keys = g_key_file_new ();
    g_auto(GStrv) groups = NULL;

    g_assert_true (g_key_file_load_from_file (keys, cache, G_KEY_FILE_NONE, NULL));
    groups = g_key_file_get_groups (keys, NULL);
    g_assert_cmpuint (g_strv_length (groups), ==, 64);
  }

  g_assert_true (g_file_set_contents (cache, "[not a cache\n\x01", -1, NULL));
  g_assert_null (_slipway_image_checksum_lookup (path, stamp));
  _slipway_image_checksum_remember (path, stamp, sum);
  found = _slipway_image_checksum_lookup (path, stamp);
  g_assert_cmpstr (found, ==, sum);
}

/* The backing file of @node's disk in the test pool. */
static char *
backing_of (virStoragePoolPtr  pool,
            const char        *node)
{
  g_autofree char *name = g_strdup_printf ("imgcheck-%s.qcow2", node);
  virStorageVolPtr vol = virStorageVolLookupByName (pool, name);
  g_autofree char *xml = NULL;
  g_autofree char *path = NULL;
  char *raw;
  const char *start, *end;

  g_assert_nonnull (vol);
  raw = virStorageVolGetXMLDesc (vol, 0);
  xml = g_strdup (raw);
  free (raw);
  virStorageVolFree (vol);

  start = strstr (xml, "<backingStore>");
  g_assert_nonnull (start);
  start = strstr (start, "<path>");
  g_assert_nonnull (start);
  start += strlen ("<path>");
  end = strstr (start, "</path>");
  g_assert_nonnull (end);
  path = g_strndup (start, end - start);
  return g_path_get_basename (path);
}

/* A role with an image of its own (a mixed lab): one base volume per
 * image, each node an overlay on its role's, kept by a rebuild (even of a
 * node whose disk is gone), and both removed by destroy --delete-image. */
static void
test_image_per_role (void)
{
  g_autoptr(GBytes) first = make_qcow2 (NULL);
  g_autoptr(GBytes) second = NULL;
  g_autofree char *control_image = write_bytes ("per-role-control.qcow2", first);
  g_autofree char *worker_image = NULL;
  g_autofree char *control_base = expected_base (first);
  g_autofree char *worker_base = NULL;
  SlipwayConnection *connection = slipway_test_open_connection (TEST_URI);
  g_autoptr(SlipwaySpec) spec = spec_for (control_image);
  g_autoptr(SlipwayCluster) cluster = NULL;
  g_autoptr(GError) error = NULL;
  virStoragePoolPtr pool;
  const char *worker1[] = { "worker1", NULL };
  const char *all[] = { "control0", "worker0", "worker1", NULL };
  g_autofree char *base = NULL;

  {
    gsize len;
    const void *bytes = g_bytes_get_data (first, &len);
    guint8 *data = g_memdup2 (bytes, len);

    put_be64 (data + 24, 128 * 1024 * 1024);        /* another image: its own checksum */
    second = g_bytes_new_take (data, len);
  }
  worker_image = write_bytes ("per-role-worker.qcow2", second);
  worker_base = expected_base (second);
  g_assert_cmpstr (control_base, !=, worker_base);

  spec->roles[SLIPWAY_ROLE_WORKER].count = 2;
  spec->roles[SLIPWAY_ROLE_WORKER].image = g_strdup (worker_image);
  cluster = slipway_test_create_cluster (connection, spec);

  pool = virStoragePoolLookupByName (observer, "slipway");
  g_assert_nonnull (pool);
  g_assert_cmpint (virStoragePoolRefresh (pool, 0), ==, 0);
  base = backing_of (pool, "control0");
  g_assert_cmpstr (base, ==, control_base);
  g_clear_pointer (&base, g_free);
  for (guint i = 0; i < 2; i++)
    {
      base = backing_of (pool, all[1 + i]);
      g_assert_cmpstr (base, ==, worker_base);
      g_clear_pointer (&base, g_free);
    }
  /* The stored description keeps the role's image. */
  g_assert_cmpstr (slipway_cluster_get_spec (cluster)->roles[SLIPWAY_ROLE_WORKER].image, ==, worker_image);

  /* A rebuild puts each node on its own role's base, and a node whose disk
   * is gone takes the base of another node of its role. */
  {
    virStorageVolPtr vol = virStorageVolLookupByName (pool, "imgcheck-worker1.qcow2");

    g_assert_nonnull (vol);
    g_assert_cmpint (virStorageVolDelete (vol, 0), ==, 0);
    virStorageVolFree (vol);
  }
  g_assert_true (slipway_test_run_operation (cluster, SLIPWAY_OPERATION_REBUILD, worker1, &error));
  g_assert_no_error (error);
  g_assert_true (slipway_test_run_operation (cluster, SLIPWAY_OPERATION_REBUILD, all, &error));
  g_assert_no_error (error);
  g_assert_cmpint (virStoragePoolRefresh (pool, 0), ==, 0);
  base = backing_of (pool, "control0");
  g_assert_cmpstr (base, ==, control_base);
  g_clear_pointer (&base, g_free);
  base = backing_of (pool, "worker1");
  g_assert_cmpstr (base, ==, worker_base);
  g_clear_pointer (&base, g_free);

  /* Every disk of a role gone (control0 is the only control node): its
   * base is found by its image's checksum. */
  {
    virStorageVolPtr vol = virStorageVolLookupByName (pool, "imgcheck-control0.qcow2");
    const char *control0[] = { "control0", NULL };

    g_assert_nonnull (vol);
    g_assert_cmpint (virStorageVolDelete (vol, 0), ==, 0);
    virStorageVolFree (vol);
    g_assert_true (slipway_test_run_operation (cluster, SLIPWAY_OPERATION_REBUILD, control0, &error));
    g_assert_no_error (error);
  }
  g_assert_cmpint (virStoragePoolRefresh (pool, 0), ==, 0);
  base = backing_of (pool, "control0");
  g_assert_cmpstr (base, ==, control_base);
  g_clear_pointer (&base, g_free);

  /* No disk stands on the workers' base any more: destroy --delete-image
   * finds it by its image and removes it all the same. */
  for (guint i = 0; i < 2; i++)
    {
      g_autofree char *name = g_strdup_printf ("imgcheck-%s.qcow2", all[1 + i]);
      virStorageVolPtr vol = virStorageVolLookupByName (pool, name);

      g_assert_nonnull (vol);
      g_assert_cmpint (virStorageVolDelete (vol, 0), ==, 0);
      virStorageVolFree (vol);
    }

  slipway_test_destroy_cluster (cluster, SLIPWAY_DESTROY_FLAGS_DELETE_IMAGE);
  g_assert_cmpint (virStoragePoolRefresh (pool, 0), ==, 0);
  {
    g_auto(GStrv) names = NULL;
    int n = virStoragePoolNumOfVolumes (pool);

    names = g_new0 (char *, n + 1);
    g_assert_cmpint (virStoragePoolListVolumes (pool, names, n), ==, n);
    for (int i = 0; i < n; i++)
      g_assert_false (g_str_has_prefix (names[i], "slipway-base-") || g_str_has_prefix (names[i], "imgcheck-"));
  }
  virStoragePoolFree (pool);
  g_clear_object (&cluster);
  slipway_test_unref_and_wait (connection);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int ret;

  /* The expected messages are the untranslated ones */
  g_setenv ("LC_ALL", "C", TRUE);
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  images_dir = g_dir_make_tmp ("slipway-images-XXXXXX", &error);
  g_assert_no_error (error);
  observer = slipway_test_keep_alive ();

  g_test_add_func ("/slipway/image/text", test_text);
  g_test_add_func ("/slipway/image/html", test_html);
  g_test_add_func ("/slipway/image/empty", test_empty);
  g_test_add_func ("/slipway/image/raw-without-partitions", test_raw_without_partitions);
  g_test_add_func ("/slipway/image/compressed", test_compressed);
  g_test_add_func ("/slipway/image/tarballs", test_tarballs);
  g_test_add_func ("/slipway/image/iso", test_iso);
  g_test_add_func ("/slipway/image/qcow2-truncated", test_qcow2_truncated);
  g_test_add_func ("/slipway/image/qcow2-backing", test_qcow2_backing);
  g_test_add_func ("/slipway/image/vmdk", test_vmdk);
  g_test_add_func ("/slipway/image/good", test_good);
  g_test_add_func ("/slipway/image/checksum-remembered", test_checksum_remembered);
  g_test_add_func ("/slipway/image/checksum-cache", test_checksum_cache);
  g_test_add_func ("/slipway/image/per-role", test_image_per_role);

  ret = g_test_run ();

  slipway_test_remove_tree (images_dir);
  g_free (images_dir);
  slipway_test_keep_alive_close ();

  return ret;
}
