/* slipway-virt-storage.c
 *
 * Copyright 2026 The Slipway Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>
#include <libvirt/virterror.h>

#include "slipway-error.h"
#include "slipway-image-checksum-private.h"
#include "slipway-job-private.h"
#include "slipway-virt-private.h"
#include "slipway-xml-private.h"
#include "slipway-xpath-private.h"

/* Bytes per virStreamSend() when uploading images and seeds. */
#define UPLOAD_CHUNK (256 * 1024)

/* A refresh refused while some client builds a volume is tried again,
 * this often, this far apart. */
#define REFRESH_ATTEMPTS 50
#define REFRESH_PAUSE_US (200 * 1000)

/* The pool's lock across Slipway processes of this user, by the URI the
 * daemon calls itself (the same for every client). */
static SlipwayLock *
lock_pool (virStoragePoolPtr pool,
           gboolean          shared)
{
  g_autofree char *uri = virConnectGetURI (virStoragePoolGetConnect (pool));

  if (uri == NULL)
    return NULL;

  return _slipway_lock_pool (uri, virStoragePoolGetName (pool), shared);
}

/* libvirt refuses a refresh with VIR_ERR_OPERATION_INVALID while a volume
 * is being built in the pool, by this user's Slipway (which the pool's
 * lock prevents) or by anyone else: wait that out. */
gboolean
_slipway_virt_refresh_pool (virStoragePoolPtr pool)
{
  SlipwayLock *lock = lock_pool (pool, FALSE);
  gboolean refreshed = FALSE;

  for (guint attempt = 1; ; attempt++)
    {
      virErrorPtr error;

      virResetLastError ();
      if (virStoragePoolRefresh (pool, 0) == 0)
        {
          refreshed = TRUE;
          break;
        }

      error = virGetLastError ();
      if (attempt >= REFRESH_ATTEMPTS || error == NULL ||
          error->code != VIR_ERR_OPERATION_INVALID ||
          error->message == NULL || strstr (error->message, "asynchronous jobs") == NULL)
        break;

      g_usleep (REFRESH_PAUSE_US);
    }

  _slipway_lock_release (lock);
  return refreshed;
}

static char *
default_pool_path (virConnectPtr  conn,
                   const char    *uri)
{
  g_autoptr(virStoragePool) def = virStoragePoolLookupByName (conn, "default");

  if (def != NULL)
    {
      char *xml = virStoragePoolGetXMLDesc (def, 0);
      g_autofree char *path = _slipway_xpath_string (xml, "string(/pool/target/path)");

      free (xml);
      if (path != NULL && path[0] != '\0')
        return g_build_filename (path, SLIPWAY_POOL_NAME, NULL);
    }
  virResetLastError ();

  if (strstr (uri, "/session") != NULL)
    return g_build_filename (g_get_user_data_dir (), "libvirt", "images", SLIPWAY_POOL_NAME, NULL);

  return g_strdup ("/var/lib/libvirt/images/" SLIPWAY_POOL_NAME);
}

/* @pool as seen on @conn, another connection of the same job: a new
 * reference. */
virStoragePoolPtr
_slipway_virt_pool_on (virConnectPtr       conn,
                       virStoragePoolPtr   pool,
                       GError            **error)
{
  virStoragePoolPtr found;

  if (virStoragePoolGetConnect (pool) == conn)
    {
      virStoragePoolRef (pool);
      return pool;
    }

  found = virStoragePoolLookupByName (conn, virStoragePoolGetName (pool));
  if (found == NULL)
    _slipway_set_virt_error (error,
                             _("The storage pool “%s” went away while the nodes were being made. Run the operation again: Slipway makes the pool anew."),
                             virStoragePoolGetName (pool));
  return found;
}

/* The pool @name: Slipway's own directory pool is created, built and
 * started when needed; another must exist, and is started if it is not. */
virStoragePoolPtr
_slipway_virt_ensure_pool (virConnectPtr   conn,
                           const char     *uri,
                           const char     *name,
                           GError        **error)
{
  g_autoptr(virStoragePool) pool = virStoragePoolLookupByName (conn, name);

  if (pool == NULL && g_strcmp0 (name, SLIPWAY_POOL_NAME) != 0)
    {
      virResetLastError ();
      g_set_error (error, SLIPWAY_ERROR, SLIPWAY_ERROR_NOT_FOUND,
                   /* Translators: %s is a storage pool name */
                   _("There is no libvirt storage pool “%s”: define, build and start it (virsh pool-define-as, pool-build, pool-start), or leave “pool” out of the cluster file to use Slipway’s own."),
                   name);
      return NULL;
    }

  if (pool == NULL)
    {
      g_autofree char *path = default_pool_path (conn, uri);
      g_autoptr(GVirConfigStoragePool) config = slipway_xml_pool (SLIPWAY_POOL_NAME, path);
      g_autofree char *xml = gvir_config_object_to_xml (GVIR_CONFIG_OBJECT (config));

      virResetLastError ();
      pool = virStoragePoolDefineXML (conn, xml, 0);
      if (pool == NULL)
        {
          _slipway_set_virt_error (error, _("Could not define the storage pool “%s”"), SLIPWAY_POOL_NAME);
          return NULL;
        }

      if (virStoragePoolBuild (pool, 0) < 0)
        {
          _slipway_set_virt_error (error, _("Could not make the folder “%s” for the storage pool"), path);
          virStoragePoolUndefine (pool);
          return NULL;
        }

      if (virStoragePoolSetAutostart (pool, 1) < 0)
        {
          _slipway_set_virt_error (error, _("Could not make the storage pool “%s” start with the host"), SLIPWAY_POOL_NAME);
          virStoragePoolUndefine (pool);
          return FALSE;
        }
    }

  if (virStoragePoolIsActive (pool) != 1 && virStoragePoolCreate (pool, 0) < 0)
    {
      _slipway_set_virt_error (error, _("Could not start the storage pool “%s”"), name);
      return NULL;
    }

  /* Volume creation fails without a GError unless the pool was refreshed. */
  if (!_slipway_virt_refresh_pool (pool))
    {
      _slipway_set_virt_error (error, _("Could not refresh the storage pool “%s”"), name);
      return NULL;
    }

  return g_steal_pointer (&pool);
}

/* A write that failed because the pool's file system is full says so,
 * and what to do, keeping libvirt's words at the end. Full: libvirt says
 * ENOSPC, or, as a failed stream gives no reason, the pool has less room
 * than the @needed bytes still to write. */
static void
explain_disk_full (virStoragePoolPtr   pool,
                   guint64             needed,
                   GError            **error)
{
  g_autofree char *xml = NULL;
  g_autofree char *path = NULL;
  g_autofree char *available = NULL;
  g_autofree char *detail = NULL;
  virStoragePoolInfo info;

  if (error == NULL || *error == NULL || pool == NULL)
    return;

  if (!_slipway_virt_refresh_pool (pool) || virStoragePoolGetInfo (pool, &info) < 0)
    info.available = G_MAXUINT64;
  virResetLastError ();
  if (strstr ((*error)->message, "No space left on device") == NULL &&
      strstr ((*error)->message, g_strerror (ENOSPC)) == NULL &&
      (needed == 0 || info.available >= needed))
    return;

  xml = virStoragePoolGetXMLDesc (pool, 0);
  path = xml != NULL ? _slipway_xpath_string (xml, "string(/pool/target/path)") : NULL;
  free (g_steal_pointer (&xml));
  if (info.available != G_MAXUINT64)
    available = g_format_size_full (info.available, G_FORMAT_SIZE_IEC_UNITS);
  virResetLastError ();

  detail = g_strdup ((*error)->message);
  g_clear_error (error);
  g_set_error (error, SLIPWAY_ERROR, SLIPWAY_ERROR_HYPERVISOR,
               /* Translators: a storage pool name, its folder, the space left ("12 MiB"),
                * then libvirt's message */
               _("The disk of the storage pool “%s” is full: %s has %s free. Free space there, or name a pool with room in the cluster file (“pool=” in [cluster]), then try again. (%s)"),
               virStoragePoolGetName (pool), path != NULL ? path : "?",
               available != NULL ? available : "?", detail);
}

virStorageVolPtr
_slipway_virt_create_volume (virStoragePoolPtr      pool,
                             const char            *name,
                             GVirConfigStorageVol  *config,
                             GError               **error)
{
  g_autofree char *xml = gvir_config_object_to_xml (GVIR_CONFIG_OBJECT (config));
  /* Shared: volumes are built side by side, only a refresh waits. */
  SlipwayLock *lock = lock_pool (pool, TRUE);
  virStorageVolPtr vol = virStorageVolCreateXML (pool, xml, 0);

  _slipway_lock_release (lock);

  if (vol == NULL)
    {
      _slipway_set_virt_error (error, _("Could not create the volume “%s”"), name);
      explain_disk_full (pool, 0, error);
    }

  return vol;
}

/* A missing volume is no error. */
gboolean
_slipway_virt_delete_volume (virStoragePoolPtr   pool,
                             const char         *name,
                             GError            **error)
{
  g_autoptr(virStorageVol) vol = _slipway_virt_lookup_volume (pool, name);

  if (vol != NULL && virStorageVolDelete (vol, 0) < 0)
    {
      _slipway_set_virt_error (error, _("Could not delete the volume “%s”"), name);
      return FALSE;
    }

  return TRUE;
}


static void
explain_disk_full_of_volume (virStorageVolPtr   vol,
                             guint64            needed,
                             GError           **error)
{
  g_autoptr(virStoragePool) pool = virStoragePoolLookupByVolume (vol);

  virResetLastError ();
  explain_disk_full (pool, needed, error);
}

/* Streams @length bytes into @vol, reporting progress for @node from
 * @from to @to of the current step (so that progress never goes back).
 * libvirt's test driver keeps no volume contents: nothing to send there. */
gboolean
_slipway_virt_upload_volume (SlipwayJob        *job,
                             virStorageVolPtr   vol,
                             guint64            length,
                             ReadFunc           read_func,
                             gpointer           read_data,
                             const char        *node,
                             const char        *step,
                             double             from,
                             double             to,
                             GCancellable      *cancellable,
                             GError           **error)
{
  g_autoptr(virStream) stream = NULL;
  g_autofree char *buf = NULL;
  guint64 sent = 0;
  int last_percent = -1;

  if (job->is_test)
    {
      g_debug ("libvirt's test driver stores no volume contents; not uploading %s", step);
      return TRUE;
    }

  /* The volume's own connection: a node of a wave may work on another
   * connection than the job's. */
  stream = virStreamNew (virStorageVolGetConnect (vol), 0);
  if (stream == NULL || virStorageVolUpload (vol, stream, 0, length, 0) < 0)
    {
      _slipway_set_virt_error (error, _("Could not start uploading into volume “%s”"), virStorageVolGetName (vol));
      return FALSE;
    }

  buf = g_malloc (UPLOAD_CHUNK);
  while (sent < length)
    {
      gssize n = read_func (read_data, buf, MIN (UPLOAD_CHUNK, length - sent), error);
      gssize off = 0;
      int percent;

      if (n <= 0 || g_cancellable_set_error_if_cancelled (cancellable, error))
        {
          if (n == 0 && error != NULL && *error == NULL)
            g_set_error (error, SLIPWAY_ERROR, SLIPWAY_ERROR_IMAGE,
                         _("The file ended before all of it was uploaded"));
          virStreamAbort (stream);
          return FALSE;
        }

      while (off < n)
        {
          int r = virStreamSend (stream, buf + off, n - off);

          if (r < 0)
            {
              _slipway_set_virt_error (error, _("Uploading into volume “%s” failed"), virStorageVolGetName (vol));
              virStreamAbort (stream);
              explain_disk_full_of_volume (vol, length - sent, error);
              return FALSE;
            }
          off += r;
        }

      sent += n;
      percent = (int)(sent * 100 / MAX (length, 1));
      if (percent != last_percent)
        {
          _slipway_job_progress (job, node, from + (to - from) * sent / MAX (length, 1), "%s", step);
          last_percent = percent;
        }
    }

  if (virStreamFinish (stream) < 0)
    {
      _slipway_set_virt_error (error, _("Could not finish uploading into volume “%s”"), virStorageVolGetName (vol));
      explain_disk_full_of_volume (vol, UPLOAD_CHUNK, error);
      return FALSE;
    }

  return TRUE;
}

static gssize
read_fd_cb (gpointer   data,
            char      *buf,
            gsize      len,
            GError   **error)
{
  int fd = GPOINTER_TO_INT (data);
  gssize n;

  do
    n = read (fd, buf, len);
  while (n < 0 && errno == EINTR);

  if (n < 0)
    {
      int saved_errno = errno;

      g_set_error (error, SLIPWAY_ERROR, SLIPWAY_ERROR_IMAGE,
                   _("Could not read the image: %s"), g_strerror (saved_errno));
    }

  return n;
}


gssize
_slipway_virt_read_bytes_cb (gpointer   data,
                             char      *buf,
                             gsize      len,
                             GError   **error)
{
  BytesReader *reader = data;
  gsize size;
  const guint8 *src = g_bytes_get_data (reader->bytes, &size);
  gsize n = MIN (len, size - reader->offset);

  memcpy (buf, src + reader->offset, n);
  reader->offset += n;

  return n;
}

/* ------------------------------------------------------------------------ */
/* The base image                                                           */


void
_slipway_virt_image_info_free (ImageInfo *image)
{
  g_free (image->path);
  g_free (image->format);
  g_free (image->checksum);
  g_free (image);
}

/* qcow2 starts with "QFI\xfb", then the version, and holds its virtual
 * size big-endian at offset 24. */
static void
image_info_set_format (ImageInfo    *image,
                       const guint8 *header,
                       gsize         len)
{
  if (len < 32 || memcmp (header, "QFI\xfb", 4) != 0)
    return;

  g_free (image->format);
  image->format = g_strdup ("qcow2");
  image->virtual_size = 0;
  for (guint i = 24; i < 32; i++)
    image->virtual_size = (image->virtual_size << 8) | header[i];
}

/* Its format and size, and its checksum: remembered from an earlier create
 * while the file is the same (slipway-image-checksum.c), else read. */
ImageInfo *
_slipway_virt_inspect_image (SlipwayJob    *job,
                             const char    *path,
                             GCancellable  *cancellable,
                             GError       **error)
{
  g_autoptr(ImageInfo) image = g_new0 (ImageInfo, 1);
  g_autoptr(GChecksum) checksum = NULL;
  g_autofree char *buf = NULL;
  g_autofree char *stamp = NULL;
  g_autofree char *stamp_after = NULL;
  guint8 header[32];
  gssize header_len = 0;
  struct stat st;
  guint64 done = 0;
  gboolean settled;
  int fd;

  fd = g_open (path, O_RDONLY | O_CLOEXEC, 0);
  if (fd < 0 || fstat (fd, &st) < 0)
    {
      int saved_errno = errno;

      g_set_error (error, SLIPWAY_ERROR, SLIPWAY_ERROR_IMAGE,
                   _("Could not open the image “%s”: %s"), path, g_strerror (saved_errno));
      if (fd >= 0)
        close (fd);
      return NULL;
    }

  image->path = g_strdup (path);
  image->file_size = st.st_size;
  image->virtual_size = st.st_size;
  image->format = g_strdup ("raw");

  _slipway_job_progress (job, NULL, 0.0, _("Checking the image"));
  stamp = _slipway_image_checksum_stamp (&st);
  image->checksum = _slipway_image_checksum_lookup (path, stamp);
  if (image->checksum != NULL)
    {
      do
        header_len = pread (fd, header, sizeof header, 0);
      while (header_len < 0 && errno == EINTR);
      if (header_len < 0)
        {
          int saved_errno = errno;

          g_set_error (error, SLIPWAY_ERROR, SLIPWAY_ERROR_IMAGE,
                       _("Could not read the image “%s”: %s"), path, g_strerror (saved_errno));
          close (fd);
          return NULL;
        }
      close (fd);
      image_info_set_format (image, header, header_len);
      return g_steal_pointer (&image);
    }

  settled = _slipway_image_checksum_is_settled (&st, g_get_real_time ());
  checksum = g_checksum_new (G_CHECKSUM_SHA256);
  buf = g_malloc (UPLOAD_CHUNK);
  for (;;)
    {
      gssize n = read_fd_cb (GINT_TO_POINTER (fd), buf, UPLOAD_CHUNK, error);

      if (n < 0 || g_cancellable_set_error_if_cancelled (cancellable, error))
        {
          close (fd);
          return NULL;
        }
      if (n == 0)
        break;

      if (done == 0 && n >= (gssize)sizeof header)
        {
          memcpy (header, buf, sizeof header);
          header_len = sizeof header;
        }

      g_checksum_update (checksum, (const guchar *)buf, n);
      done += n;
      if (image->file_size > 0 && (done * 100 / image->file_size) != ((done - n) * 100 / image->file_size))
        _slipway_job_progress (job, NULL, (double)done / image->file_size, _("Checking the image"));
    }
  if (fstat (fd, &st) == 0)
    stamp_after = _slipway_image_checksum_stamp (&st);
  close (fd);

  image_info_set_format (image, header, header_len);
  image->checksum = g_strdup (g_checksum_get_string (checksum));
  /* Written to while it was read: the checksum may be of neither version. */
  if (settled && g_strcmp0 (stamp, stamp_after) == 0)
    _slipway_image_checksum_remember (path, stamp, image->checksum);

  return g_steal_pointer (&image);
}

static char *
base_volume_name (const ImageInfo *image)
{
  return g_strdup_printf ("slipway-base-%.16s.%s", image->checksum, image->format);
}

/* The image's volume in @pool, when it is there whole. */
static virStorageVolPtr
lookup_whole_base_volume (SlipwayJob       *job,
                          virStoragePoolPtr pool,
                          const ImageInfo  *image)
{
  g_autofree char *name = base_volume_name (image);
  g_autoptr(virStorageVol) vol = _slipway_virt_lookup_volume (pool, name);
  virStorageVolInfo info;

  if (vol == NULL)
    return NULL;

  /* An upload killed halfway leaves a short file behind: the volume
   * starts empty, so only a complete upload has the image's size. */
  if (job->is_test ||
      (virStorageVolGetInfoFlags (vol, &info, VIR_STORAGE_VOL_GET_PHYSICAL) == 0 &&
       info.allocation == image->file_size))
    return g_steal_pointer (&vol);

  virResetLastError ();
  return NULL;
}

/* The base volume the image file at @path became in @pool, found by the
 * image's checksum (the file is read when its checksum is not remembered),
 * with its format in @format; NULL when the file cannot be read or the
 * pool holds no whole volume of it. */
virStorageVolPtr
_slipway_virt_find_image_base_volume (SlipwayJob         *job,
                                      virStoragePoolPtr   pool,
                                      const char         *path,
                                      char              **format,
                                      GCancellable       *cancellable)
{
  g_autoptr(ImageInfo) image = _slipway_virt_inspect_image (job, path, cancellable, NULL);
  virStorageVolPtr vol = image != NULL ? lookup_whole_base_volume (job, pool, image) : NULL;

  virResetLastError ();
  if (vol != NULL && format != NULL)
    *format = g_strdup (image->format);

  return vol;
}

/* Whether the image is in @pool already, whole: no import to wait for. */
gboolean
_slipway_virt_has_base_volume (SlipwayJob        *job,
                               virStoragePoolPtr  pool,
                               const ImageInfo   *image)
{
  g_autoptr(virStorageVol) vol = lookup_whole_base_volume (job, pool, image);

  return vol != NULL;
}

/* The image as a volume of the pool, uploaded once: volumes are named by the
 * image's checksum, so the same image is never copied twice. */
virStorageVolPtr
_slipway_virt_ensure_base_volume (SlipwayJob         *job,
                                  virStoragePoolPtr   pool,
                                  const ImageInfo    *image,
                                  gboolean           *created,
                                  GCancellable       *cancellable,
                                  GError            **error)
{
  g_autofree char *name = base_volume_name (image);
  g_autoptr(virStorageVol) vol = lookup_whole_base_volume (job, pool, image);
  g_autoptr(GVirConfigStorageVol) config = NULL;
  gboolean ok;
  int fd;

  *created = FALSE;

  if (vol != NULL)
    {
      _slipway_job_progress (job, NULL, 1.0, _("Using the image already imported"));
      return g_steal_pointer (&vol);
    }

  vol = _slipway_virt_lookup_volume (pool, name);
  if (vol != NULL)
    {
      g_debug ("Base volume %s is incomplete, importing it again", name);
      virStorageVolDelete (vol, 0);
      g_clear_pointer (&vol, virStorageVolFree);
    }

  /* An empty raw file: the upload gives it the image's bytes, whatever the
   * image's format (the overlays name that format themselves). */
  config = slipway_xml_volume (name, job->is_test ? image->file_size : 0, "raw");
  vol = _slipway_virt_create_volume (pool, name, config, error);
  if (vol == NULL)
    return NULL;
  *created = TRUE;

  fd = g_open (image->path, O_RDONLY | O_CLOEXEC, 0);
  if (fd < 0)
    {
      int saved_errno = errno;

      g_set_error (error, SLIPWAY_ERROR, SLIPWAY_ERROR_IMAGE,
                   _("Could not open the image “%s”: %s"), image->path, g_strerror (saved_errno));
      ok = FALSE;
    }
  else
    {
      ok = _slipway_virt_upload_volume (job, vol, image->file_size, read_fd_cb, GINT_TO_POINTER (fd),
                                        NULL, _("Importing the image"), 0.0, 1.0, cancellable, error);
      close (fd);
    }

  if (!ok)
    {
      virStorageVolDelete (vol, 0);
      *created = FALSE;
      return NULL;
    }

  return g_steal_pointer (&vol);
}
