/* slipway-catalog.c
 *
 * Copyright 2026 The Slipway Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <errno.h>
#include <glib/gstdio.h>
#include <string.h>
#include <osinfo/osinfo.h>

#include "slipway-catalog.h"
#include "slipway-catalog-private.h"
#include "slipway-error.h"
#include "slipway-fileutil-private.h"
#include "slipway-job-private.h"
#include "slipway-paths.h"

G_DEFINE_BOXED_TYPE (SlipwayCatalogImage, slipway_catalog_image,
                     slipway_catalog_image_copy, slipway_catalog_image_free)

SlipwayCatalogImage *
slipway_catalog_image_new (void)
{
  return g_new0 (SlipwayCatalogImage, 1);
}

SlipwayCatalogImage *
slipway_catalog_image_copy (const SlipwayCatalogImage *image)
{
  SlipwayCatalogImage *copy;

  g_return_val_if_fail (image != NULL, NULL);

  copy = slipway_catalog_image_new ();
  copy->id = g_strdup (image->id);
  copy->title = g_strdup (image->title);
  copy->distro = g_strdup (image->distro);
  copy->version = g_strdup (image->version);
  copy->url = g_strdup (image->url);
  copy->path = g_strdup (image->path);
  copy->format = g_strdup (image->format);
  copy->checksum_url = g_strdup (image->checksum_url);
  copy->user = g_strdup (image->user);
  copy->user_source = g_strdup (image->user_source);
  copy->is_user = image->is_user;
  copy->arch = image->arch;

  return copy;
}

void
slipway_catalog_image_free (SlipwayCatalogImage *image)
{
  if (image == NULL)
    return;

  g_free (image->id);
  g_free (image->title);
  g_free (image->distro);
  g_free (image->version);
  g_free (image->url);
  g_free (image->path);
  g_free (image->format);
  g_free (image->checksum_url);
  g_free (image->user);
  g_free (image->user_source);
  g_free (image);
}

/**
 * slipway_catalog_image_cache_path:
 *
 * Returns: (transfer full) (nullable): where a download of @image is kept,
 *   whether or not it is there yet; %NULL for an image with no URL
 */
char *
slipway_catalog_image_cache_path (const SlipwayCatalogImage *image)
{
  g_autofree char *dir = NULL;
  g_autofree char *base = NULL;
  g_autofree char *digest = NULL;
  const char *slash;
  const char *end;

  g_return_val_if_fail (image != NULL, NULL);

  if (image->url == NULL)
    return NULL;

  /* The last path segment, without a query; many distributions reuse names
   * across releases ("latest/…"), so a short digest of the URL goes first. */
  end = strpbrk (image->url, "?#");
  if (end == NULL)
    end = image->url + strlen (image->url);
  slash = g_strrstr_len (image->url, end - image->url, "/");
  base = g_strndup (slash != NULL ? slash + 1 : image->url,
                    end - (slash != NULL ? slash + 1 : image->url));
  if (base[0] == '\0' || strcmp (base, ".") == 0 || strcmp (base, "..") == 0)
    {
      g_free (base);
      base = g_strdup ("image");
    }
  g_strdelimit (base, "/\\", '_');

  digest = g_compute_checksum_for_string (G_CHECKSUM_SHA256, image->url, -1);
  digest[12] = '\0';
  dir = slipway_catalog_cache_dir ();

  return g_strdup_printf ("%s/%s-%s", dir, digest, base);
}

/**
 * slipway_catalog_image_local_path:
 *
 * Returns: (transfer full) (nullable): the file to use for @image if it is on
 *   this computer: its own path, or a finished download; else %NULL
 */
char *
slipway_catalog_image_local_path (const SlipwayCatalogImage *image)
{
  g_autofree char *cached = NULL;

  g_return_val_if_fail (image != NULL, NULL);

  if (image->path != NULL)
    return g_file_test (image->path, G_FILE_TEST_IS_REGULAR) ? g_strdup (image->path) : NULL;

  cached = slipway_catalog_image_cache_path (image);
  if (cached != NULL && g_file_test (cached, G_FILE_TEST_IS_REGULAR))
    return g_steal_pointer (&cached);

  return NULL;
}

/* osinfo-db (2022/2023) records which images have cloud-init but not their
 * default user, so it comes from each distribution's cloud image
 * documentation: Debian's, Ubuntu's, Fedora's and openSUSE's images name the
 * user after the distribution; the Red Hat family uses "cloud-user"; Alt
 * uses "altlinux"; Univention "root"-less images use "ucs". */
static const struct
{
  const char *distro;
  const char *user;
} default_users[] = {
  { "debian", "debian" },
  { "ubuntu", "ubuntu" },
  { "fedora", "fedora" },
  { "centos", "cloud-user" },
  { "centos-stream", "cloud-user" },
  { "rhel", "cloud-user" },
  { "rocky", "rocky" },
  { "almalinux", "almalinux" },
  { "opensuse", "opensuse" },
  { "sles", "sles" },
  { "altlinux", "altlinux" },
  { "alt", "altlinux" },
  { "ucs", "ucs" },
};

/**
 * slipway_catalog_default_user:
 * @distro: (nullable): an osinfo distro ("debian", "fedora"...)
 * @source: (out) (optional): where the answer comes from, for people
 *
 * Returns: the default cloud-init login name of images of @distro; "debian"
 *   when unknown, the cluster file's default
 */
const char *
slipway_catalog_default_user (const char  *distro,
                              const char **source)
{
  for (guint i = 0; distro != NULL && i < G_N_ELEMENTS (default_users); i++)
    {
      if (g_ascii_strcasecmp (distro, default_users[i].distro) == 0)
        {
          if (source != NULL)
            *source = _("The default user of the distribution’s cloud images");
          return default_users[i].user;
        }
    }

  if (source != NULL)
    *source = _("Not known for this image: check its documentation");

  return "debian";
}

/* Distributions whose name shows in the file names of their cloud images
 * ("debian-12-genericcloud-amd64.qcow2", "Fedora-Cloud-Base-39…"). */
static const char * const file_name_distros[] = {
  "debian", "ubuntu", "fedora", "centos", "rocky", "almalinux", "opensuse", "rhel",
};

/**
 * slipway_catalog_guess_image:
 * @path_or_name: a local image's path, file name or URL
 * @distro: (out) (optional) (nullable) (transfer full): the distribution
 *   the file name names, or %NULL when it names none
 * @user: (out) (optional) (transfer full): the image's likely default
 *   login name, as slipway_catalog_default_user() gives for @distro
 * @user_source: (out) (optional): where @user comes from, for people
 *
 * Guesses what an image the user brings is from its file name alone: the
 * file is not read.
 *
 * Returns: %TRUE if the file name named a distribution
 */
gboolean
slipway_catalog_guess_image (const char  *path_or_name,
                             char       **distro,
                             char       **user,
                             const char **user_source)
{
  g_autofree char *base = NULL;
  g_autofree char *lower = NULL;
  const char *found = NULL;

  g_return_val_if_fail (path_or_name != NULL, FALSE);

  /* Only the file's own name: "/home/debian/images/fedora.qcow2" is Fedora. */
  base = g_path_get_basename (path_or_name);
  lower = g_ascii_strdown (base, -1);
  for (guint i = 0; found == NULL && i < G_N_ELEMENTS (file_name_distros); i++)
    if (strstr (lower, file_name_distros[i]) != NULL)
      found = file_name_distros[i];

  if (distro != NULL)
    *distro = g_strdup (found);
  if (user != NULL)
    *user = g_strdup (slipway_catalog_default_user (found, user_source));
  else if (user_source != NULL)
    slipway_catalog_default_user (found, user_source);

  return found != NULL;
}

/**
 * slipway_catalog_guess_checksum_url:
 * @url: an image URL
 *
 * Where distributions that publish checksums next to their cloud images put
 * them: Debian (cloud.debian.org, cdimage.debian.org) a SHA512SUMS file,
 * Ubuntu (cloud-images.ubuntu.com) a SHA256SUMS file, in the image's folder.
 *
 * Returns: (transfer full) (nullable): the URL of the sums file, or %NULL
 */
char *
slipway_catalog_guess_checksum_url (const char *url)
{
  g_autoptr(GUri) uri = NULL;
  const char *host;
  const char *path;
  const char *sums = NULL;
  const char *slash;
  g_autofree char *dir = NULL;

  g_return_val_if_fail (url != NULL, NULL);

  uri = g_uri_parse (url, G_URI_FLAGS_NONE, NULL);
  if (uri == NULL || g_uri_get_host (uri) == NULL)
    return NULL;

  host = g_uri_get_host (uri);
  path = g_uri_get_path (uri);

  if (g_str_equal (host, "cloud.debian.org") || g_str_equal (host, "cdimage.debian.org"))
    sums = "SHA512SUMS";
  else if (g_str_equal (host, "cloud-images.ubuntu.com"))
    sums = "SHA256SUMS";

  if (sums == NULL || path == NULL || (slash = strrchr (path, '/')) == NULL)
    return NULL;

  dir = g_strndup (path, slash - path + 1);

  return g_strdup_printf ("%s://%s%s%s", g_uri_get_scheme (uri), host, dir, sums);
}

static gboolean
is_hex (const char *str,
        gsize       length)
{
  for (gsize i = 0; i < length; i++)
    if (!g_ascii_isxdigit (str[i]))
      return FALSE;

  return TRUE;
}

static SlipwayChecksumType
type_for_length (gsize length)
{
  switch (length)
    {
    case 64:
      return SLIPWAY_CHECKSUM_SHA256;
    case 128:
      return SLIPWAY_CHECKSUM_SHA512;
    default:
      return SLIPWAY_CHECKSUM_NONE;
    }
}

/**
 * slipway_catalog_find_checksum:
 * @sums: the text of a SHA256SUMS or SHA512SUMS file
 * @file_name: the base name to look for
 * @type: (out): which digest it is, from its length
 *
 * Reads the GNU coreutils format ("DIGEST  name" or "DIGEST *name") and
 * the BSD one ("SHA256 (name) = DIGEST").
 *
 * Returns: (transfer full) (nullable): the digest in lowercase, or %NULL
 */
char *
slipway_catalog_find_checksum (const char          *sums,
                               const char          *file_name,
                               SlipwayChecksumType *type)
{
  g_auto(GStrv) lines = NULL;

  g_return_val_if_fail (sums != NULL, NULL);
  g_return_val_if_fail (file_name != NULL, NULL);
  g_return_val_if_fail (type != NULL, NULL);

  *type = SLIPWAY_CHECKSUM_NONE;
  lines = g_strsplit (sums, "\n", -1);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      char *line = g_strstrip (lines[i]);
      const char *space;
      const char *name;
      const char *open;

      if (line[0] == '\0' || line[0] == '#')
        continue;

      /* BSD: "SHA256 (name) = digest" */
      open = strstr (line, " (");
      if (open != NULL && strstr (open, ") = ") != NULL)
        {
          const char *close = strstr (open, ") = ");
          g_autofree char *bsd_name = g_strndup (open + 2, close - open - 2);
          const char *digest = close + 4;
          gsize len = strlen (digest);

          if (g_str_equal (bsd_name, file_name) && is_hex (digest, len) &&
              type_for_length (len) != SLIPWAY_CHECKSUM_NONE)
            {
              *type = type_for_length (len);
              return g_ascii_strdown (digest, len);
            }
          continue;
        }

      /* GNU: "digest  name" or "digest *name" */
      space = strchr (line, ' ');
      if (space == NULL)
        continue;
      name = space + 1;
      while (*name == ' ')
        name++;
      if (*name == '*')
        name++;
      if (g_str_has_prefix (name, "./"))
        name += 2;

      if (g_str_equal (name, file_name) &&
          is_hex (line, space - line) &&
          type_for_length (space - line) != SLIPWAY_CHECKSUM_NONE)
        {
          *type = type_for_length (space - line);
          return g_ascii_strdown (line, space - line);
        }
    }

  return NULL;
}

static const char *
os_variant_id (OsinfoImage *image)
{
  g_autoptr(OsinfoOsVariantList) variants = osinfo_image_get_os_variants (image);

  if (variants == NULL || osinfo_list_get_length (OSINFO_LIST (variants)) == 0)
    return NULL;

  return osinfo_entity_get_id (osinfo_list_get_nth (OSINFO_LIST (variants), 0));
}

static int
compare_images (gconstpointer a,
                gconstpointer b)
{
  const SlipwayCatalogImage *ia = *(const SlipwayCatalogImage * const *)a;
  const SlipwayCatalogImage *ib = *(const SlipwayCatalogImage * const *)b;
  int cmp;

  /* User images first, then by distribution, newest release first. */
  if (ia->is_user != ib->is_user)
    return ia->is_user ? -1 : 1;

  cmp = g_strcmp0 (ia->distro, ib->distro);
  if (cmp != 0)
    return cmp;

  cmp = -g_strcmp0 (ia->version, ib->version);
  if (ia->version != NULL && ib->version != NULL)
    {
      double va = g_ascii_strtod (ia->version, NULL);
      double vb = g_ascii_strtod (ib->version, NULL);

      if (va != vb)
        cmp = va > vb ? -1 : 1;
    }
  if (cmp != 0)
    return cmp;

  return g_strcmp0 (ia->title, ib->title);
}

gboolean
_slipway_catalog_is_usable_url (const char *url)
{
  /* Slipway imports qcow2 and raw disks as they are: no archives. */
  return url != NULL &&
         (g_str_has_prefix (url, "https://") || g_str_has_prefix (url, "http://")) &&
         !g_str_has_suffix (url, ".xz") && !g_str_has_suffix (url, ".gz") &&
         !g_str_has_suffix (url, ".tar") && !g_str_has_suffix (url, ".zip") &&
         !g_str_has_suffix (url, ".bz2");
}

static void
add_osinfo_images (OsinfoDb  *db,
                   GPtrArray *images)
{
  g_autoptr(OsinfoOsList) oses = osinfo_db_get_os_list (db);
  gint n = osinfo_list_get_length (OSINFO_LIST (oses));

  for (gint i = 0; i < n; i++)
    {
      OsinfoOs *os = OSINFO_OS (osinfo_list_get_nth (OSINFO_LIST (oses), i));
      g_autoptr(OsinfoImageList) list = osinfo_os_get_image_list (os);
      gint n_images = list != NULL ? osinfo_list_get_length (OSINFO_LIST (list)) : 0;

      for (gint j = 0; j < n_images; j++)
        {
          OsinfoImage *img = OSINFO_IMAGE (osinfo_list_get_nth (OSINFO_LIST (list), j));
          const char *format = osinfo_image_get_format (img);
          const char *url = osinfo_image_get_url (img);
          const char *variant = os_variant_id (img);
          const char *name = osinfo_product_get_name (OSINFO_PRODUCT (os));
          const char *source = NULL;
          SlipwayCatalogImage *image;
          SlipwayArch arch;

          if (!osinfo_image_get_cloud_init (img) ||
              osinfo_image_get_architecture (img) == NULL ||
              !slipway_arch_from_string (osinfo_image_get_architecture (img), &arch) ||
              arch == SLIPWAY_ARCH_DEFAULT ||
              (g_strcmp0 (format, "qcow2") != 0 && g_strcmp0 (format, "raw") != 0) ||
              !_slipway_catalog_is_usable_url (url))
            continue;

          image = slipway_catalog_image_new ();
          image->arch = arch;
          image->id = variant != NULL
                      ? g_strdup_printf ("%s#%s", osinfo_entity_get_id (OSINFO_ENTITY (os)), variant)
                      : g_strdup (osinfo_entity_get_id (OSINFO_ENTITY (os)));
          image->title = variant != NULL
                         /* Translators: an OS name and the variant of its cloud image,
                          * "Debian 11 (genericcloud)" */
                         ? g_strdup_printf (_("%s (%s)"), name, variant)
                         : g_strdup (name);
          /* x86_64 images keep the ids and titles they always had. */
          if (arch != SLIPWAY_ARCH_X86_64)
            {
              g_autofree char *id = g_steal_pointer (&image->id);
              g_autofree char *title = g_steal_pointer (&image->title);

              image->id = g_strdup_printf ("%s@%s", id, slipway_arch_to_string (arch));
              /* Translators: an image's title and its architecture,
               * "Debian 12 (genericcloud), aarch64" */
              image->title = g_strdup_printf (_("%s, %s"), title, slipway_arch_to_string (arch));
            }
          image->distro = g_strdup (osinfo_os_get_distro (os));
          image->version = g_strdup (osinfo_product_get_version (OSINFO_PRODUCT (os)));
          image->url = g_strdup (url);
          image->format = g_strdup (format);
          image->checksum_url = slipway_catalog_guess_checksum_url (url);
          image->user = g_strdup (slipway_catalog_default_user (image->distro, &source));
          image->user_source = g_strdup (source);
          g_ptr_array_add (images, image);
        }
    }
}

/**
 * slipway_catalog_load:
 * @osinfo_path: (nullable): a folder of osinfo-db XML to read instead of the
 *   system's database (for tests)
 *
 * The cloud images Slipway can start from: those of the osinfo database with
 * cloud-init for x86_64 and aarch64 as qcow2 or raw, and the images the
 * user added.
 *
 * Returns: (transfer container) (element-type SlipwayCatalogImage): images
 */
GPtrArray *
slipway_catalog_load (const char  *osinfo_path,
                      GError     **error)
{
  g_autoptr(OsinfoLoader) loader = osinfo_loader_new ();
  g_autoptr(GPtrArray) images = NULL;
  g_autoptr(GPtrArray) user = NULL;
  g_autoptr(GError) local_error = NULL;

  if (osinfo_path != NULL)
    osinfo_loader_process_path (loader, osinfo_path, &local_error);
  else
    osinfo_loader_process_default_path (loader, &local_error);

  if (local_error != NULL)
    {
      g_set_error (error, SLIPWAY_ERROR, SLIPWAY_ERROR_IMAGE,
                   /* Translators: %s is an error message */
                   _("Could not read the operating system database: %s"), local_error->message);
      return NULL;
    }

  user = slipway_catalog_load_user_images (error);
  if (user == NULL)
    return NULL;

  images = g_ptr_array_new_with_free_func ((GDestroyNotify)slipway_catalog_image_free);
  for (guint i = 0; i < user->len; i++)
    g_ptr_array_add (images, slipway_catalog_image_copy (g_ptr_array_index (user, i)));
  add_osinfo_images (osinfo_loader_get_db (loader), images);
  g_ptr_array_sort (images, compare_images);

  return g_steal_pointer (&images);
}

/* libosinfo and libxml2 run in the worker until its task data is freed. */
static void
load_data_free (gpointer osinfo_path)
{
  g_free (osinfo_path);
  _slipway_worker_release ();
}

static void
load_worker (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  GError *error = NULL;
  GPtrArray *images;

  if (g_task_return_error_if_cancelled (task))
    return;

  images = slipway_catalog_load (task_data, &error);
  if (images == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, images, (GDestroyNotify)g_ptr_array_unref);
}

/**
 * slipway_catalog_load_async:
 * @osinfo_path: (nullable): as for slipway_catalog_load()
 * @cancellable: (nullable): a #GCancellable
 * @callback: called on the thread-default main context of the caller
 * @user_data: data for @callback
 *
 * Runs slipway_catalog_load() in a worker thread: reading the osinfo
 * database takes a while. Once @cancellable is cancelled, the callback
 * gets %G_IO_ERROR_CANCELLED, even if the load finished.
 */
void
slipway_catalog_load_async (const char          *osinfo_path,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, slipway_catalog_load_async);
  g_task_set_check_cancellable (task, TRUE);
  _slipway_worker_hold ();
  g_task_set_task_data (task, g_strdup (osinfo_path), load_data_free);
  g_task_run_in_thread (task, load_worker);
}

/**
 * slipway_catalog_load_finish:
 * @result: the result given to the callback
 * @error: return location for a #GError
 *
 * Returns: (transfer container) (element-type SlipwayCatalogImage): images,
 *   or %NULL with @error set
 */
GPtrArray *
slipway_catalog_load_finish (GAsyncResult  *result,
                             GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == slipway_catalog_load_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
