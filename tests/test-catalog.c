/* test-catalog.c: cloud images from osinfo-db and the user's own
 *
 * Copyright 2026 The Slipway Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>

#include "slipway.h"
#include "slipway-test-utils.h"

/* A tiny osinfo database: one OS with a cloud image for x86_64, one for
 * arm, one without cloud-init and one archive (all but the first skipped). */
static const char debian_xml[] =
  "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
  "<libosinfo version=\"0.0.1\">\n"
  "  <os id=\"http://debian.org/debian/12\">\n"
  "    <short-id>debian12</short-id>\n"
  "    <name>Debian 12</name>\n"
  "    <version>12</version>\n"
  "    <vendor>Debian Project</vendor>\n"
  "    <family>linux</family>\n"
  "    <distro>debian</distro>\n"
  "    <variant id=\"genericcloud\"><name>Generic cloud</name></variant>\n"
  "    <image arch=\"x86_64\" format=\"qcow2\" cloud-init=\"true\">\n"
  "      <variant id=\"genericcloud\"/>\n"
  "      <url>https://cloud.debian.org/images/cloud/bookworm/latest/debian-12-genericcloud-amd64.qcow2</url>\n"
  "    </image>\n"
  "    <image arch=\"aarch64\" format=\"qcow2\" cloud-init=\"true\">\n"
  "      <url>https://cloud.debian.org/images/cloud/bookworm/latest/debian-12-genericcloud-arm64.qcow2</url>\n"
  "    </image>\n"
  "    <image arch=\"x86_64\" format=\"qcow2\">\n"
  "      <url>https://cloud.debian.org/images/cloud/bookworm/latest/debian-12-nocloud-amd64.qcow2</url>\n"
  "    </image>\n"
  "    <image arch=\"x86_64\" format=\"raw\" cloud-init=\"true\">\n"
  "      <url>https://cloud.debian.org/images/cloud/bookworm/latest/debian-12-genericcloud-amd64.tar.xz</url>\n"
  "    </image>\n"
  "  </os>\n"
    "</libosinfo>\n";

static const char fedora_xml[] =
  "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
  "<libosinfo version=\"0.0.1\">\n"
  "  <os id=\"http://fedoraproject.org/fedora/37\">\n"
  "    <short-id>fedora37</short-id>\n"
  "    <name>Fedora Linux 37</name>\n"
  "    <version>37</version>\n"
  "    <distro>fedora</distro>\n"
  "    <image arch=\"x86_64\" format=\"qcow2\" cloud-init=\"true\">\n"
  "      <url>https://download.fedoraproject.org/pub/fedora/linux/releases/37/Cloud/x86_64/images/Fedora-Cloud-Base-37-1.7.x86_64.qcow2</url>\n"
  "    </image>\n"
  "  </os>\n"
  "</libosinfo>\n";

static char *
write_osinfo_db (void)
{
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp ("slipway-osinfo-XXXXXX", &error);
  /* osinfo insists on its layout: os/VENDOR/SHORT-ID.xml */
  static const struct { const char *folder, *file, *xml; } files[] = {
    { "debian.org", "debian-12.xml", debian_xml },
    { "fedoraproject.org", "fedora-37.xml", fedora_xml },
  };

  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (files); i++)
    {
      g_autofree char *os_dir = g_build_filename (dir, "os", files[i].folder, NULL);
      g_autofree char *path = g_build_filename (os_dir, files[i].file, NULL);

      g_assert_cmpint (g_mkdir_with_parents (os_dir, 0755), ==, 0);
      g_file_set_contents (path, files[i].xml, -1, &error);
      g_assert_no_error (error);
    }

  return dir;
}

static SlipwayCatalogImage *
find_image (GPtrArray  *images,
            const char *url_suffix)
{
  for (guint i = 0; i < images->len; i++)
    {
      SlipwayCatalogImage *image = g_ptr_array_index (images, i);

      if ((image->url != NULL && g_str_has_suffix (image->url, url_suffix)) ||
          (image->path != NULL && g_str_has_suffix (image->path, url_suffix)))
        return image;
    }

  return NULL;
}

static void
test_catalog_osinfo_cloud_images (void)
{
  g_autofree char *db = write_osinfo_db ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) images = slipway_catalog_load (db, &error);
  SlipwayCatalogImage *debian;
  SlipwayCatalogImage *debian_arm;
  SlipwayCatalogImage *fedora;

  g_assert_no_error (error);
  g_assert_nonnull (images);

  /* Cloud-init, x86_64 or aarch64, qcow2 or raw, no archives. */
  g_assert_cmpuint (images->len, ==, 3);
  debian = find_image (images, "debian-12-genericcloud-amd64.qcow2");
  g_assert_nonnull (debian);
  g_assert_cmpstr (debian->id, ==, "http://debian.org/debian/12#genericcloud");
  g_assert_cmpstr (debian->distro, ==, "debian");
  g_assert_cmpstr (debian->format, ==, "qcow2");
  g_assert_cmpstr (debian->user, ==, "debian");
  g_assert_nonnull (debian->user_source);
  g_assert_true (g_str_has_prefix (debian->title, "Debian 12"));
  g_assert_cmpstr (debian->checksum_url, ==,
                   "https://cloud.debian.org/images/cloud/bookworm/latest/SHA512SUMS");
  g_assert_false (debian->is_user);
  g_assert_cmpint (debian->arch, ==, SLIPWAY_ARCH_X86_64);

  /* The same variant for ARM is another image, told apart by its id. */
  debian_arm = find_image (images, "debian-12-genericcloud-arm64.qcow2");
  g_assert_nonnull (debian_arm);
  g_assert_cmpint (debian_arm->arch, ==, SLIPWAY_ARCH_AARCH64);
  g_assert_cmpstr (debian_arm->id, ==, "http://debian.org/debian/12@aarch64");
  g_assert_true (g_str_has_suffix (debian_arm->title, "aarch64"));

  fedora = find_image (images, "Fedora-Cloud-Base-37-1.7.x86_64.qcow2");
  g_assert_nonnull (fedora);
  g_assert_cmpstr (fedora->user, ==, "fedora");
  g_assert_null (fedora->checksum_url);

  g_assert_null (find_image (images, "nocloud-amd64.qcow2"));
  g_assert_null (find_image (images, ".tar.xz"));
}

static void
test_catalog_system_database (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) images = slipway_catalog_load (NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (images);

  if (!g_file_test ("/usr/share/osinfo/os", G_FILE_TEST_IS_DIR))
    {
      /* build-aux/install-deps.sh installs it: missing is a failure. */
      g_test_fail_printf ("osinfo-db is not installed (/usr/share/osinfo/os is missing): install the osinfo-db package");
      return;
    }

  /* osinfo-db has had Debian and Ubuntu cloud images for years. */
  g_assert_cmpuint (images->len, >, 0);
  for (guint i = 0; i < images->len; i++)
    {
      SlipwayCatalogImage *image = g_ptr_array_index (images, i);

      g_assert_nonnull (image->url);
      g_assert_nonnull (image->user);
      g_assert_true (g_str_equal (image->format, "qcow2") || g_str_equal (image->format, "raw"));
    }
}

static void
test_catalog_user_images (void)
{
  g_autofree char *db = write_osinfo_db ();
  g_autoptr(SlipwayCatalogImage) web = slipway_catalog_image_new ();
  g_autoptr(SlipwayCatalogImage) local = slipway_catalog_image_new ();
  g_autoptr(SlipwayCatalogImage) bad = slipway_catalog_image_new ();
  g_autoptr(GPtrArray) images = NULL;
  g_autoptr(GPtrArray) user = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *file = slipway_catalog_user_file ();
  SlipwayCatalogImage *found;

  web->url = g_strdup ("https://example.org/images/ubuntu-22.04-server-cloudimg-amd64.img");
  web->title = g_strdup ("My Ubuntu");
  web->distro = g_strdup ("ubuntu");
  web->checksum_url = g_strdup ("https://example.org/images/SHA256SUMS");
  g_assert_true (slipway_catalog_add_user_image (web, &error));
  g_assert_no_error (error);

  local->path = g_strdup ("/srv/images/lab.qcow2");
  local->user = g_strdup ("admin");
  g_assert_true (slipway_catalog_add_user_image (local, &error));
  g_assert_no_error (error);
  /* The same URL again replaces it. */
  g_assert_true (slipway_catalog_add_user_image (web, &error));

  bad->url = g_strdup ("https://example.org/image.tar.xz");
  g_assert_false (slipway_catalog_add_user_image (bad, &error));
  g_assert_error (error, SLIPWAY_ERROR, SLIPWAY_ERROR_IMAGE);
  g_clear_error (&error);

  g_assert_true (g_str_has_prefix (file, g_get_user_data_dir ()));
  g_assert_true (g_file_test (file, G_FILE_TEST_IS_REGULAR));

  user = slipway_catalog_load_user_images (&error);
  g_assert_no_error (error);
  g_assert_cmpuint (user->len, ==, 2);

  /* Their architecture is what their name says, when it says one. */
  g_assert_cmpint (((SlipwayCatalogImage *)g_ptr_array_index (user, 0))->arch, !=,
                   ((SlipwayCatalogImage *)g_ptr_array_index (user, 1))->arch);

  images = slipway_catalog_load (db, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (images->len, ==, 5);
  /* The user's own come first. */
  g_assert_true (((SlipwayCatalogImage *)g_ptr_array_index (images, 0))->is_user);
  g_assert_true (((SlipwayCatalogImage *)g_ptr_array_index (images, 1))->is_user);

  found = find_image (images, "ubuntu-22.04-server-cloudimg-amd64.img");
  g_assert_nonnull (found);
  g_assert_cmpstr (found->title, ==, "My Ubuntu");
  g_assert_cmpstr (found->user, ==, "ubuntu");
  g_assert_cmpstr (found->checksum_url, ==, "https://example.org/images/SHA256SUMS");
  g_assert_true (g_str_has_prefix (found->id, "user:"));

  found = find_image (images, "/srv/images/lab.qcow2");
  g_assert_nonnull (found);
  g_assert_cmpstr (found->user, ==, "admin");
  g_assert_cmpstr (found->title, ==, "lab.qcow2");
  g_assert_null (slipway_catalog_image_local_path (found));   /* not there */

  g_assert_true (slipway_catalog_remove_user_image (found->id, &error));
  g_clear_pointer (&user, g_ptr_array_unref);
  user = slipway_catalog_load_user_images (&error);
  g_assert_cmpuint (user->len, ==, 1);
}

static void
test_catalog_cache_path (void)
{
  g_autoptr(SlipwayCatalogImage) image = slipway_catalog_image_new ();
  g_autoptr(SlipwayCatalogImage) other = slipway_catalog_image_new ();
  g_autofree char *dir = slipway_catalog_cache_dir ();
  g_autofree char *path = NULL;
  g_autofree char *other_path = NULL;
  g_autofree char *local = NULL;

  image->url = g_strdup ("https://cloud.debian.org/images/cloud/bookworm/latest/debian-12-genericcloud-amd64.qcow2?x=1");
  other->url = g_strdup ("https://cloud.debian.org/images/cloud/trixie/latest/debian-12-genericcloud-amd64.qcow2");
  path = slipway_catalog_image_cache_path (image);
  other_path = slipway_catalog_image_cache_path (other);

  g_assert_true (g_str_has_prefix (path, dir));
  g_assert_true (g_str_has_suffix (path, "-debian-12-genericcloud-amd64.qcow2"));
  g_assert_cmpstr (path, !=, other_path);     /* same file name, other release */

  g_assert_null (slipway_catalog_image_local_path (image));
  g_assert_cmpint (g_mkdir_with_parents (dir, 0755), ==, 0);
  g_assert_true (g_file_set_contents (path, "qcow", -1, NULL));
  local = slipway_catalog_image_local_path (image);
  g_assert_cmpstr (local, ==, path);
  g_unlink (path);
}

static void
test_catalog_default_user (void)
{
  const char *source = NULL;

  g_assert_cmpstr (slipway_catalog_default_user ("debian", &source), ==, "debian");
  g_assert_nonnull (source);
  g_assert_cmpstr (slipway_catalog_default_user ("ubuntu", NULL), ==, "ubuntu");
  g_assert_cmpstr (slipway_catalog_default_user ("fedora", NULL), ==, "fedora");
  g_assert_cmpstr (slipway_catalog_default_user ("centos", NULL), ==, "cloud-user");
  g_assert_cmpstr (slipway_catalog_default_user ("opensuse", NULL), ==, "opensuse");
  /* Unknown: the cluster file's default, and it says so. */
  g_assert_cmpstr (slipway_catalog_default_user ("plan9", &source), ==, "debian");
  g_assert_cmpstr (slipway_catalog_default_user (NULL, NULL), ==, "debian");
}

static void
test_catalog_checksum_urls (void)
{
  g_autofree char *debian = slipway_catalog_guess_checksum_url (
    "https://cdimage.debian.org/cdimage/cloud/bullseye/latest/debian-11-generic-amd64.qcow2");
  g_autofree char *ubuntu = slipway_catalog_guess_checksum_url (
    "https://cloud-images.ubuntu.com/jammy/current/jammy-server-cloudimg-amd64.img");
  g_autofree char *other = slipway_catalog_guess_checksum_url ("https://example.org/a.qcow2");

  g_assert_cmpstr (debian, ==, "https://cdimage.debian.org/cdimage/cloud/bullseye/latest/SHA512SUMS");
  g_assert_cmpstr (ubuntu, ==, "https://cloud-images.ubuntu.com/jammy/current/SHA256SUMS");
  g_assert_null (other);
}

static void
test_catalog_find_checksum (void)
{
  const char *sha256 = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";
  g_autofree char *gnu = g_strdup_printf ("%s  other.img\n%s *jammy.img\n", sha256, sha256);
  g_autofree char *bsd = g_strdup_printf ("# comment\nSHA256 (jammy.img) = %s\n", sha256);
  g_autofree char *sha512 = g_strnfill (128, 'A');
  g_autofree char *sums512 = g_strdup_printf ("%s  ./debian.qcow2\n", sha512);
  g_autofree char *lower512 = g_ascii_strdown (sha512, -1);
  g_autofree char *found = NULL;
  SlipwayChecksumType type;

  found = slipway_catalog_find_checksum (gnu, "jammy.img", &type);
  g_assert_cmpstr (found, ==, sha256);
  g_assert_cmpint (type, ==, SLIPWAY_CHECKSUM_SHA256);
  g_clear_pointer (&found, g_free);

  found = slipway_catalog_find_checksum (bsd, "jammy.img", &type);
  g_assert_cmpstr (found, ==, sha256);
  g_clear_pointer (&found, g_free);

  found = slipway_catalog_find_checksum (sums512, "debian.qcow2", &type);
  g_assert_cmpint (type, ==, SLIPWAY_CHECKSUM_SHA512);
  g_assert_cmpuint (strlen (found), ==, 128);
  g_assert_cmpstr (found, ==, lower512);
  g_clear_pointer (&found, g_free);

  g_assert_null (slipway_catalog_find_checksum (gnu, "missing.img", &type));
  g_assert_cmpint (type, ==, SLIPWAY_CHECKSUM_NONE);
  g_assert_null (slipway_catalog_find_checksum ("nothex  jammy.img\n", "jammy.img", &type));
}

static void
test_catalog_guess_image (void)
{
  struct { const char *name, *distro, *user; } cases[] = {
    { "debian-12-genericcloud-amd64.qcow2", "debian", "debian" },
    { "/srv/images/jammy-server-cloudimg-amd64.img", NULL, "debian" },
    { "/srv/ubuntu/lab.qcow2", NULL, "debian" },
    { "/home/debian/Fedora-Cloud-Base-39-1.5.x86_64.qcow2", "fedora", "fedora" },
    { "ubuntu-22.04-server-cloudimg-amd64.img", "ubuntu", "ubuntu" },
    { "CentOS-Stream-GenericCloud-9.qcow2", "centos", "cloud-user" },
    { "Rocky-9-GenericCloud.latest.x86_64.qcow2", "rocky", "rocky" },
    { "https://example.org/AlmaLinux-9-GenericCloud-latest.x86_64.qcow2", "almalinux", "almalinux" },
    { "openSUSE-Leap-15.5.x86_64-NoCloud.qcow2", "opensuse", "opensuse" },
    { "rhel-9.3-x86_64-kvm.qcow2", "rhel", "cloud-user" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *distro = NULL;
      g_autofree char *user = NULL;
      const char *source = NULL;
      gboolean known;

      known = slipway_catalog_guess_image (cases[i].name, &distro, &user, &source);
      g_assert_cmpint (known, ==, cases[i].distro != NULL);
      g_assert_cmpstr (distro, ==, cases[i].distro);
      g_assert_cmpstr (user, ==, cases[i].user);
      g_assert_nonnull (source);
    }

  /* Every out argument is optional. */
  g_assert_true (slipway_catalog_guess_image ("debian.qcow2", NULL, NULL, NULL));
}

static void
test_catalog_load_async (void)
{
  g_autofree char *db = write_osinfo_db ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GPtrArray) images = NULL;
  g_autoptr(GError) error = NULL;

  slipway_catalog_load_async (db, NULL, slipway_test_store_result_cb, &result);
  images = slipway_catalog_load_finish (slipway_test_wait_result (&result), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (images->len, ==, 3);
  g_assert_nonnull (find_image (images, "debian-12-genericcloud-amd64.qcow2"));
  g_clear_pointer (&images, g_ptr_array_unref);
  g_clear_object (&result);

  g_cancellable_cancel (cancellable);
  slipway_catalog_load_async (db, cancellable, slipway_test_store_result_cb, &result);
  g_assert_null (slipway_catalog_load_finish (slipway_test_wait_result (&result), &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

static void
test_catalog_add_user_image_async (void)
{
  g_autoptr(SlipwayCatalogImage) local = slipway_catalog_image_new ();
  g_autoptr(SlipwayCatalogImage) bad = slipway_catalog_image_new ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GAsyncResult) second = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GPtrArray) user = NULL;
  g_autoptr(GError) error = NULL;

  local->path = g_strdup ("/srv/images/debian-12-genericcloud-amd64.qcow2");
  g_assert_true (slipway_catalog_guess_image (local->path, &local->distro, &local->user, NULL));
  slipway_catalog_add_user_image_async (local, NULL, slipway_test_store_result_cb, &result);
  /* The image is copied: the caller may change or free it at once. */
  g_clear_pointer (&local->path, g_free);
  local->path = g_strdup ("/srv/images/other.qcow2");
  slipway_catalog_add_user_image_async (local, NULL, slipway_test_store_result_cb, &second);
  g_clear_pointer (&local, slipway_catalog_image_free);
  g_assert_true (slipway_catalog_add_user_image_finish (slipway_test_wait_result (&result),
                                                        &error));
  g_assert_no_error (error);
  g_assert_true (slipway_catalog_add_user_image_finish (slipway_test_wait_result (&second),
                                                        &error));
  g_assert_no_error (error);
  g_clear_object (&result);

  /* Both writes kept: they do not overwrite each other. */
  user = slipway_catalog_load_user_images (&error);
  g_assert_no_error (error);
  g_assert_cmpuint (user->len, ==, 2);
  g_assert_nonnull (find_image (user, "debian-12-genericcloud-amd64.qcow2"));
  g_assert_cmpstr (find_image (user, "debian-12-genericcloud-amd64.qcow2")->user, ==, "debian");
  g_assert_nonnull (find_image (user, "other.qcow2"));

  bad->url = g_strdup ("https://example.org/image.tar.xz");
  slipway_catalog_add_user_image_async (bad, NULL, slipway_test_store_result_cb, &result);
  g_assert_false (slipway_catalog_add_user_image_finish (slipway_test_wait_result (&result),
                                                         &error));
  g_assert_error (error, SLIPWAY_ERROR, SLIPWAY_ERROR_IMAGE);
  g_clear_error (&error);
  g_clear_object (&result);

  g_cancellable_cancel (cancellable);
  g_clear_pointer (&bad->url, g_free);
  bad->path = g_strdup ("/srv/images/never.qcow2");
  slipway_catalog_add_user_image_async (bad, cancellable, slipway_test_store_result_cb, &result);
  g_assert_false (slipway_catalog_add_user_image_finish (slipway_test_wait_result (&result),
                                                         &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/slipway/catalog/osinfo-cloud-images", test_catalog_osinfo_cloud_images);
  g_test_add_func ("/slipway/catalog/system-database", test_catalog_system_database);
  g_test_add_func ("/slipway/catalog/user-images", test_catalog_user_images);
  g_test_add_func ("/slipway/catalog/cache-path", test_catalog_cache_path);
  g_test_add_func ("/slipway/catalog/default-user", test_catalog_default_user);
  g_test_add_func ("/slipway/catalog/checksum-urls", test_catalog_checksum_urls);
  g_test_add_func ("/slipway/catalog/find-checksum", test_catalog_find_checksum);
  g_test_add_func ("/slipway/catalog/guess-image", test_catalog_guess_image);
  g_test_add_func ("/slipway/catalog/load-async", test_catalog_load_async);
  g_test_add_func ("/slipway/catalog/add-user-image-async", test_catalog_add_user_image_async);

  return g_test_run ();
}
