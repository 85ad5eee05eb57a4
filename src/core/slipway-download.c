/* slipway-download.c
 *
 * Copyright 2026 The Slipway Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <libsoup/soup.h>

#include "slipway-download.h"
#include "slipway-error.h"

#define CHUNK_SIZE (256 * 1024)

/* A download streams into DESTINATION.part next to the destination and is
 * renamed only once complete and verified: a failed, corrupt or cancelled
 * download leaves nothing behind. */
struct _SlipwayDownload
{
  GObject              parent_instance;

  char                *url;
  char                *destination;
  char                *part_path;
  char                *checksum_url;
  char                *expected;         /* lowercase hex digest */
  SlipwayChecksumType  checksum_type;

  SoupSession         *session;
  SoupMessage         *message;
  GInputStream        *input;
  GOutputStream       *output;
  GChecksum           *checksum;

  guint64              received;
  guint64              total;
  gboolean             verified;
  gboolean             running;
};

G_DEFINE_FINAL_TYPE (SlipwayDownload, slipway_download, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_URL,
  PROP_DESTINATION,
  PROP_PROGRESS,
  PROP_RECEIVED,
  PROP_TOTAL,
  PROP_VERIFIED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const char *
checksum_name (SlipwayChecksumType type)
{
  switch (type)
    {
    case SLIPWAY_CHECKSUM_SHA256:
      return "SHA-256";
    case SLIPWAY_CHECKSUM_SHA512:
      return "SHA-512";
    case SLIPWAY_CHECKSUM_NONE:
    case SLIPWAY_CHECKSUM_AUTO:
    default:
      return "";
    }
}

static char *
url_base_name (const char *url)
{
  g_autoptr(GUri) uri = g_uri_parse (url, G_URI_FLAGS_NONE, NULL);
  const char *path = uri != NULL ? g_uri_get_path (uri) : url;
  const char *slash = strrchr (path, '/');

  return g_uri_unescape_string (slash != NULL ? slash + 1 : path, NULL);
}

static void
slipway_download_set_received (SlipwayDownload *self,
                               guint64          received)
{
  self->received = received;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RECEIVED]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROGRESS]);
}

/* Drops the partial file and the streams: whatever happened, nothing stays. */
static void
slipway_download_clean_up (SlipwayDownload *self)
{
  if (self->output != NULL)
    g_output_stream_close (self->output, NULL, NULL);
  g_clear_object (&self->output);
  if (self->input != NULL)
    g_input_stream_close (self->input, NULL, NULL);
  g_clear_object (&self->input);
  g_clear_object (&self->message);
  g_clear_pointer (&self->checksum, g_checksum_free);

  if (self->part_path != NULL)
    g_unlink (self->part_path);
  self->running = FALSE;
}

static void
return_error (GTask  *task,
              GError *error)
{
  SlipwayDownload *self = g_task_get_source_object (task);

  slipway_download_clean_up (self);
  g_task_return_error (task, error);
}

static void read_next (GTask *task);

static void
finish_download (GTask *task)
{
  SlipwayDownload *self = g_task_get_source_object (task);
  g_autofree char *base = url_base_name (self->url);
  g_autoptr(GError) error = NULL;

  if (self->total > 0 && self->received != self->total)
    {
      g_autofree char *got = g_format_size_full (self->received, G_FORMAT_SIZE_IEC_UNITS);
      g_autofree char *want = g_format_size_full (self->total, G_FORMAT_SIZE_IEC_UNITS);

      return_error (task, g_error_new (SLIPWAY_ERROR, SLIPWAY_ERROR_IMAGE,
                                       /* Translators: %s is a file name, then two sizes */
                                       _("The download of %s stopped after %s of %s. Nothing "
                                         "was kept: try again."),
                                       base, got, want));
      return;
    }

  if (self->expected != NULL)
    {
      const char *digest = g_checksum_get_string (self->checksum);

      if (g_ascii_strcasecmp (digest, self->expected) != 0 && self->checksum_url != NULL)
        {
          return_error (task, g_error_new (SLIPWAY_ERROR, SLIPWAY_ERROR_IMAGE,
                                           /* Translators: %s is a file name, then "SHA-256"
                                            * or "SHA-512" */
                                           _("The download of %s is corrupt: its %s checksum "
                                             "differs from the one its distribution publishes. "
                                             "It was deleted: try again."),
                                           base, checksum_name (self->checksum_type)));
          return;
        }
      if (g_ascii_strcasecmp (digest, self->expected) != 0)
        {
          return_error (task, g_error_new (SLIPWAY_ERROR, SLIPWAY_ERROR_IMAGE,
                                           /* Translators: a file name, "SHA-256" or "SHA-512",
                                            * then two checksums */
                                           _("The download of %s is corrupt: its %s checksum is "
                                             "%s, not %s as expected. It was deleted: download it "
                                             "again, or check the checksum you expect."),
                                           base, checksum_name (self->checksum_type), digest,
                                           self->expected));
          return;
        }
    }

  if (!g_output_stream_close (self->output, g_task_get_cancellable (task), &error) ||
      g_rename (self->part_path, self->destination) != 0)
    {
      int saved_errno = errno;
      g_autofree char *display = g_filename_display_name (self->destination);

      if (error == NULL)
        error = g_error_new (G_IO_ERROR, g_io_error_from_errno (saved_errno), "%s",
                             g_strerror (saved_errno));
      g_prefix_error (&error, _("Could not save %s: "), display);
      return_error (task, g_steal_pointer (&error));
      return;
    }

  g_clear_object (&self->output);
  self->verified = self->expected != NULL;
  if (self->verified)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_VERIFIED]);
  if (self->total == 0)
    {
      self->total = self->received;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TOTAL]);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROGRESS]);
    }

  slipway_download_clean_up (self);
  g_task_return_boolean (task, TRUE);
}

static void
write_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  SlipwayDownload *self = g_task_get_source_object (task);
  g_autoptr(GError) error = NULL;
  gsize written = 0;

  if (!g_output_stream_write_all_finish (G_OUTPUT_STREAM (object), result, &written, &error))
    {
      g_autofree char *display = g_filename_display_name (self->part_path);

      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_prefix_error (&error, _("Could not write %s: "), display);
      return_error (task, g_steal_pointer (&error));
      return;
    }

  slipway_download_set_received (self, self->received + written);
  read_next (g_steal_pointer (&task));
}

static void
read_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  SlipwayDownload *self = g_task_get_source_object (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  GCancellable *cancellable;
  gconstpointer data;
  gsize size;

  bytes = g_input_stream_read_bytes_finish (G_INPUT_STREAM (object), result, &error);
  if (bytes == NULL)
    {
      g_autofree char *base = url_base_name (self->url);

      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        /* Translators: %s is a file name */
        g_prefix_error (&error, _("The download of %s failed: "), base);
      return_error (task, g_steal_pointer (&error));
      return;
    }

  data = g_bytes_get_data (bytes, &size);
  if (size == 0)
    {
      finish_download (task);
      return;
    }

  if (self->checksum != NULL)
    g_checksum_update (self->checksum, data, size);

  /* write_all_async borrows the buffer: the task keeps the bytes alive. */
  g_object_set_data_full (G_OBJECT (task), "chunk", g_bytes_ref (bytes), (GDestroyNotify)g_bytes_unref);
  cancellable = g_task_get_cancellable (task);
  g_output_stream_write_all_async (self->output, data, size, G_PRIORITY_DEFAULT,
                                   cancellable, write_cb, g_steal_pointer (&task));
}

static void
read_next (GTask *task)
{
  SlipwayDownload *self = g_task_get_source_object (task);

  g_input_stream_read_bytes_async (self->input, CHUNK_SIZE, G_PRIORITY_DEFAULT,
                                   g_task_get_cancellable (task), read_cb, task);
}

static GError *
http_error (SoupMessage *message,
            const char  *url)
{
  return g_error_new (SLIPWAY_ERROR, SLIPWAY_ERROR_IMAGE,
                      /* Translators: %s is a URL, %u an HTTP status code, then its text */
                      _("Could not download %s: the server answered “%u %s”."),
                      url, soup_message_get_status (message),
                      soup_message_get_reason_phrase (message) != NULL
                      ? soup_message_get_reason_phrase (message) : "");
}

static void
send_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  SlipwayDownload *self = g_task_get_source_object (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) part = NULL;
  g_autoptr(GFileOutputStream) output = NULL;
  g_autofree char *dir = NULL;
  goffset length;

  self->input = soup_session_send_finish (SOUP_SESSION (object), result, &error);
  if (self->input == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        /* Translators: %s is a URL */
        g_prefix_error (&error, _("Could not download %s: "), self->url);
      return_error (task, g_steal_pointer (&error));
      return;
    }

  if (!SOUP_STATUS_IS_SUCCESSFUL (soup_message_get_status (self->message)))
    {
      return_error (task, http_error (self->message, self->url));
      return;
    }

  dir = g_path_get_dirname (self->destination);
  if (g_mkdir_with_parents (dir, 0755) != 0)
    {
      int saved_errno = errno;
      g_autofree char *display = g_filename_display_name (dir);

      return_error (task, g_error_new (G_IO_ERROR, g_io_error_from_errno (saved_errno),
                                       /* Translators: %s is a folder, then the reason */
                                       _("Could not create %s: %s"), display,
                                       g_strerror (saved_errno)));
      return;
    }

  part = g_file_new_for_path (self->part_path);
  output = g_file_replace (part, NULL, FALSE, G_FILE_CREATE_REPLACE_DESTINATION, NULL, &error);
  if (output == NULL)
    {
      return_error (task, g_steal_pointer (&error));
      return;
    }
  self->output = G_OUTPUT_STREAM (g_steal_pointer (&output));

  length = soup_message_headers_get_content_length (soup_message_get_response_headers (self->message));
  self->total = length > 0 ? (guint64)length : 0;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TOTAL]);

  if (self->expected != NULL)
    self->checksum = g_checksum_new (self->checksum_type == SLIPWAY_CHECKSUM_SHA512
                                     ? G_CHECKSUM_SHA512 : G_CHECKSUM_SHA256);

  read_next (g_steal_pointer (&task));
}

static void
start_image (GTask *task)
{
  SlipwayDownload *self = g_task_get_source_object (task);

  self->message = soup_message_new (SOUP_METHOD_GET, self->url);
  soup_session_send_async (self->session, self->message, G_PRIORITY_DEFAULT,
                           g_task_get_cancellable (task), send_cb, task);
}

static void
sums_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  SlipwayDownload *self = g_task_get_source_object (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *text = NULL;
  g_autofree char *base = NULL;
  SlipwayChecksumType type;

  bytes = soup_session_send_and_read_finish (SOUP_SESSION (object), result, &error);
  if (bytes == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        /* Translators: %s is a URL */
        g_prefix_error (&error, _("Could not download the checksums %s: "), self->checksum_url);
      return_error (task, g_steal_pointer (&error));
      return;
    }

  if (!SOUP_STATUS_IS_SUCCESSFUL (soup_message_get_status (self->message)))
    {
      return_error (task, http_error (self->message, self->checksum_url));
      return;
    }
  g_clear_object (&self->message);

  text = g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
  base = url_base_name (self->url);
  self->expected = slipway_catalog_find_checksum (text, base, &type);
  if (self->expected == NULL)
    {
      return_error (task, g_error_new (SLIPWAY_ERROR, SLIPWAY_ERROR_IMAGE,
                                       /* Translators: a URL, then a file name */
                                       _("The checksums %s do not list %s, so the download "
                                         "cannot be verified."),
                                       self->checksum_url, base));
      return;
    }
  self->checksum_type = type;

  start_image (g_steal_pointer (&task));
}

void
slipway_download_run_async (SlipwayDownload     *self,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (SLIPWAY_IS_DOWNLOAD (self));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));
  g_return_if_fail (!self->running);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, slipway_download_run_async);

  if (g_uri_peek_scheme (self->url) == NULL ||
      (strcmp (g_uri_peek_scheme (self->url), "http") != 0 &&
       strcmp (g_uri_peek_scheme (self->url), "https") != 0))
    {
      g_task_return_new_error (task, SLIPWAY_ERROR, SLIPWAY_ERROR_IMAGE,
                               /* Translators: %s is a URL */
                               _("“%s” is not an http:// or https:// address."), self->url);
      return;
    }

  self->running = TRUE;
  self->received = 0;
  self->total = 0;
  self->verified = FALSE;
  g_clear_object (&self->session);
  self->session = soup_session_new_with_options ("user-agent", "Slipway/" PACKAGE_VERSION " ", NULL);

  if (self->checksum_url != NULL && self->expected == NULL)
    {
      self->message = soup_message_new (SOUP_METHOD_GET, self->checksum_url);
      if (self->message == NULL)
        {
          self->running = FALSE;
          g_task_return_new_error (task, SLIPWAY_ERROR, SLIPWAY_ERROR_IMAGE,
                                   _("“%s” is not an http:// or https:// address."),
                                   self->checksum_url);
          return;
        }
      soup_session_send_and_read_async (self->session, self->message, G_PRIORITY_DEFAULT,
                                        cancellable, sums_cb, g_steal_pointer (&task));
      return;
    }

  start_image (g_steal_pointer (&task));
}

/**
 * slipway_download_run_finish:
 *
 * Returns: %TRUE when the destination holds the complete, verified file
 */
gboolean
slipway_download_run_finish (SlipwayDownload  *self,
                             GAsyncResult     *result,
                             GError          **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/**
 * slipway_download_new:
 * @url: an http(s) URL
 * @destination: the file to write; the download goes to "@destination.part" first
 */
SlipwayDownload *
slipway_download_new (const char *url,
                      const char *destination)
{
  g_return_val_if_fail (url != NULL, NULL);
  g_return_val_if_fail (destination != NULL, NULL);

  return g_object_new (SLIPWAY_TYPE_DOWNLOAD, "url", url, "destination", destination, NULL);
}

const char *
slipway_download_get_url (SlipwayDownload *self)
{
  g_return_val_if_fail (SLIPWAY_IS_DOWNLOAD (self), NULL);

  return self->url;
}

const char *
slipway_download_get_destination (SlipwayDownload *self)
{
  g_return_val_if_fail (SLIPWAY_IS_DOWNLOAD (self), NULL);

  return self->destination;
}

/**
 * slipway_download_set_checksum_url:
 * @checksum_url: (nullable): a SHA256SUMS or SHA512SUMS file listing the image
 *
 * The download fails unless the file lists the image and its digest matches.
 */
void
slipway_download_set_checksum_url (SlipwayDownload *self,
                                   const char      *checksum_url)
{
  g_return_if_fail (SLIPWAY_IS_DOWNLOAD (self));
  g_return_if_fail (!self->running);

  g_free (self->checksum_url);
  self->checksum_url = g_strdup (checksum_url);
}

void
slipway_download_set_expected_checksum (SlipwayDownload     *self,
                                        SlipwayChecksumType  type,
                                        const char          *digest)
{
  g_return_if_fail (SLIPWAY_IS_DOWNLOAD (self));
  g_return_if_fail (!self->running);

  g_clear_pointer (&self->expected, g_free);
  self->checksum_type = SLIPWAY_CHECKSUM_NONE;

  if (digest == NULL || type == SLIPWAY_CHECKSUM_NONE)
    return;

  if (type == SLIPWAY_CHECKSUM_AUTO)
    type = strlen (digest) == 128 ? SLIPWAY_CHECKSUM_SHA512 : SLIPWAY_CHECKSUM_SHA256;

  self->expected = g_ascii_strdown (digest, -1);
  self->checksum_type = type;
}

double
slipway_download_get_progress (SlipwayDownload *self)
{
  g_return_val_if_fail (SLIPWAY_IS_DOWNLOAD (self), 0.0);

  if (self->total == 0)
    return 0.0;

  return CLAMP ((double)self->received / (double)self->total, 0.0, 1.0);
}

guint64
slipway_download_get_received (SlipwayDownload *self)
{
  g_return_val_if_fail (SLIPWAY_IS_DOWNLOAD (self), 0);

  return self->received;
}

/**
 * slipway_download_get_total:
 *
 * Returns: the size the server announced, or 0 when it did not
 */
guint64
slipway_download_get_total (SlipwayDownload *self)
{
  g_return_val_if_fail (SLIPWAY_IS_DOWNLOAD (self), 0);

  return self->total;
}

gboolean
slipway_download_get_verified (SlipwayDownload *self)
{
  g_return_val_if_fail (SLIPWAY_IS_DOWNLOAD (self), FALSE);

  return self->verified;
}

static void
slipway_download_dispose (GObject *object)
{
  SlipwayDownload *self = (SlipwayDownload *)object;

  g_clear_object (&self->session);

  G_OBJECT_CLASS (slipway_download_parent_class)->dispose (object);
}

static void
slipway_download_finalize (GObject *object)
{
  SlipwayDownload *self = (SlipwayDownload *)object;

  g_clear_pointer (&self->url, g_free);
  g_clear_pointer (&self->destination, g_free);
  g_clear_pointer (&self->part_path, g_free);
  g_clear_pointer (&self->checksum_url, g_free);
  g_clear_pointer (&self->expected, g_free);
  g_clear_pointer (&self->checksum, g_checksum_free);

  G_OBJECT_CLASS (slipway_download_parent_class)->finalize (object);
}

static void
slipway_download_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  SlipwayDownload *self = SLIPWAY_DOWNLOAD (object);

  switch (prop_id)
    {
    case PROP_URL:
      g_value_set_string (value, self->url);
      break;
    case PROP_DESTINATION:
      g_value_set_string (value, self->destination);
      break;
    case PROP_PROGRESS:
      g_value_set_double (value, slipway_download_get_progress (self));
      break;
    case PROP_RECEIVED:
      g_value_set_uint64 (value, self->received);
      break;
    case PROP_TOTAL:
      g_value_set_uint64 (value, self->total);
      break;
    case PROP_VERIFIED:
      g_value_set_boolean (value, self->verified);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
slipway_download_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  SlipwayDownload *self = SLIPWAY_DOWNLOAD (object);

  switch (prop_id)
    {
    case PROP_URL:
      self->url = g_value_dup_string (value);
      break;
    case PROP_DESTINATION:
      self->destination = g_value_dup_string (value);
      self->part_path = g_strconcat (self->destination, ".part", NULL);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
slipway_download_class_init (SlipwayDownloadClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = slipway_download_dispose;
  object_class->finalize = slipway_download_finalize;
  object_class->get_property = slipway_download_get_property;
  object_class->set_property = slipway_download_set_property;

  properties[PROP_URL] =
    g_param_spec_string ("url", NULL, NULL, NULL,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));
  properties[PROP_DESTINATION] =
    g_param_spec_string ("destination", NULL, NULL, NULL,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));
  properties[PROP_PROGRESS] =
    g_param_spec_double ("progress", NULL, NULL, 0.0, 1.0, 0.0,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_RECEIVED] =
    g_param_spec_uint64 ("received", NULL, NULL, 0, G_MAXUINT64, 0,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_TOTAL] =
    g_param_spec_uint64 ("total", NULL, NULL, 0, G_MAXUINT64, 0,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_VERIFIED] =
    g_param_spec_boolean ("verified", NULL, NULL, FALSE,
                          (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
slipway_download_init (SlipwayDownload *self)
{
}
