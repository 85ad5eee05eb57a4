/* slipway-wizard-image.c: the Image page
 *
 * Copyright 2026 The Slipway Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "slipway-wizard-private.h"

/* The catalog (osinfo's cloud images and the user's own), grouped by
 * distribution; choosing one that is not on this computer downloads it.
 * A local file can be imported, and a URL added to the user's images. */

/**
 * slipway_wizard_set_image:
 * @path: a cloud image file
 * @title: (nullable): what to call it
 * @user: (nullable): its default user; kept unless the user edited the login
 */
void
slipway_wizard_set_image (SlipwayWizard *self,
                          const char    *path,
                          const char    *title,
                          const char    *user)
{
  g_autofree char *base = NULL;

  g_return_if_fail (SLIPWAY_IS_WIZARD (self));
  g_return_if_fail (path != NULL);

  g_free (self->base->image);
  self->base->image = g_strdup (path);

  base = g_path_get_basename (path);
  g_free (self->image_title);
  self->image_title = g_strdup (title != NULL ? title : base);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->image_row), self->image_title);
  adw_action_row_set_subtitle (self->image_row, path);

  if (user != NULL && !self->user_edited)
    _slipway_wizard_set_entry_text (self, self->user_row, user);

  _slipway_wizard_changed (self);
}

typedef struct
{
  SlipwayWizard *self;
  const char    *done;      /* (nullable): what to say once kept */
} AddImage;

static void
add_user_image_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  AddImage *add = user_data;
  g_autoptr(SlipwayWizard) self = add->self;
  g_autoptr(GError) error = NULL;
  const char *done = add->done;

  g_free (add);
  self->adding_images--;

  if (!slipway_catalog_add_user_image_finish (result, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        _slipway_wizard_toast (self, error->message);
      return;
    }

  if (done != NULL)
    _slipway_wizard_toast (self, done);
  if (self->catalog != NULL)
    _slipway_wizard_load_catalog (self);
}

/* Keeps @image in the user's catalog: the file is written (and synced) in
 * a worker thread, then the catalog is shown again. */
static void
add_user_image (SlipwayWizard             *self,
                const SlipwayCatalogImage *image,
                const char                *done)
{
  AddImage *add = g_new0 (AddImage, 1);

  add->self = g_object_ref (self);
  add->done = done;
  self->adding_images++;
  slipway_catalog_add_user_image_async (image, self->cancellable, add_user_image_cb, add);
}

/**
 * slipway_wizard_import_image:
 * @file: a local cloud image
 *
 * Uses @file as the image, and keeps it in the user's catalog (written
 * without blocking; a failure to keep it shows as a toast).
 *
 * Returns: %FALSE if @file is not on this computer
 */
gboolean
slipway_wizard_import_image (SlipwayWizard  *self,
                             GFile          *file,
                             GError        **error)
{
  g_autofree char *path = NULL;
  g_autofree char *base = NULL;
  g_autoptr(SlipwayCatalogImage) image = slipway_catalog_image_new ();
  const char *source = NULL;

  g_return_val_if_fail (SLIPWAY_IS_WIZARD (self), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);

  path = g_file_get_path (file);
  if (path == NULL)
    {
      g_set_error_literal (error, SLIPWAY_ERROR, SLIPWAY_ERROR_IMAGE,
                           _("Only a file on this computer can be an image."));
      return FALSE;
    }

  base = g_path_get_basename (path);
  image->path = g_strdup (path);
  image->title = g_strdup (base);
  slipway_catalog_guess_image (path, &image->distro, &image->user, &source);
  image->arch = slipway_image_guess_arch (path);
  add_user_image (self, image, NULL);

  slipway_wizard_set_image (self, path, base, image->user);
  adw_preferences_group_set_description (self->user_group, source);

  return TRUE;
}

/* Download ----------------------------------------------------------------- */

static void
on_download_received_cb (SlipwayDownload *download,
                         GParamSpec      *pspec,
                         SlipwayWizard   *self)
{
  guint64 received = slipway_download_get_received (download);
  guint64 total = slipway_download_get_total (download);
  g_autofree char *got = g_format_size_full (received, G_FORMAT_SIZE_IEC_UNITS);
  g_autofree char *subtitle = NULL;

  if (total > 0)
    {
      g_autofree char *all = g_format_size_full (total, G_FORMAT_SIZE_IEC_UNITS);

      /* Translators: two sizes, "120 MiB of 340 MiB" */
      subtitle = g_strdup_printf (_("%s of %s"), got, all);
      gtk_progress_bar_set_fraction (self->download_bar, slipway_download_get_progress (download));
    }
  else
    {
      subtitle = g_strdup (got);
      gtk_progress_bar_pulse (self->download_bar);
    }
  adw_action_row_set_subtitle (self->download_row, subtitle);
}

static void
download_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(SlipwayWizard) self = user_data;
  SlipwayDownload *download = SLIPWAY_DOWNLOAD (object);
  g_autoptr(GError) error = NULL;
  const SlipwayCatalogImage *image = g_object_get_data (object, "image");

  if (!slipway_download_run_finish (download, result, &error))
    {
      if (self->download != download)
        return;

      gtk_widget_add_css_class (GTK_WIDGET (self->download_row), "error");
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->download_row),
                                         _("Download stopped"));
          adw_action_row_set_subtitle (self->download_row, _("Nothing was kept."));
        }
      else
        {
          adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->download_row),
                                         _("Download failed"));
          adw_action_row_set_subtitle (self->download_row, error->message);
        }
      gtk_widget_set_visible (GTK_WIDGET (self->download_bar), FALSE);
      g_clear_object (&self->download);
      _slipway_wizard_actions_update (self);
      return;
    }

  if (self->download != download)
    return;

  gtk_widget_set_visible (GTK_WIDGET (self->download_row), FALSE);
  _slipway_wizard_toast (self, slipway_download_get_verified (download)
                               ? _("Downloaded, and its checksum matches")
                               : _("Downloaded; its distribution publishes no checksum to verify it"));
  g_clear_object (&self->download);
  if (image->user_source != NULL)
    adw_preferences_group_set_description (self->user_group, image->user_source);
  slipway_wizard_set_image (self, slipway_download_get_destination (download), image->title, image->user);
}

static void
choose_catalog_image (SlipwayWizard             *self,
                      const SlipwayCatalogImage *image,
                      const char                *local)
{
  g_autofree char *destination = NULL;
  g_autofree char *title = NULL;

  g_cancellable_cancel (self->download_cancellable);
  g_clear_object (&self->download_cancellable);
  g_clear_object (&self->download);
  gtk_widget_set_visible (GTK_WIDGET (self->download_row), FALSE);

  if (local != NULL)
    {
      if (image->user_source != NULL)
        adw_preferences_group_set_description (self->user_group, image->user_source);
      slipway_wizard_set_image (self, local, image->title, image->user);
      return;
    }

  destination = slipway_catalog_image_cache_path (image);
  self->download = slipway_download_new (image->url, destination);
  slipway_download_set_checksum_url (self->download, image->checksum_url);
  g_object_set_data_full (G_OBJECT (self->download), "image",
                          slipway_catalog_image_copy (image), (GDestroyNotify)slipway_catalog_image_free);
  g_signal_connect_object (self->download, "notify::received",
                           G_CALLBACK (on_download_received_cb), self, 0);
  self->download_cancellable = g_cancellable_new ();

  /* Translators: %s is an image title */
  title = g_strdup_printf (_("Downloading %s"), image->title);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->download_row), title);
  adw_action_row_set_subtitle (self->download_row, _("Connecting…"));
  gtk_widget_remove_css_class (GTK_WIDGET (self->download_row), "error");
  gtk_widget_set_visible (GTK_WIDGET (self->download_bar), TRUE);
  gtk_progress_bar_set_fraction (self->download_bar, 0);
  gtk_widget_set_visible (GTK_WIDGET (self->download_row), TRUE);

  slipway_download_run_async (self->download, self->download_cancellable, download_cb, g_object_ref (self));
  _slipway_wizard_actions_update (self);
}

/* Catalog rows ------------------------------------------------------------- */

static void
on_catalog_check_toggled_cb (GtkCheckButton *check,
                             SlipwayWizard  *self)
{
  const SlipwayCatalogImage *image = g_object_get_data (G_OBJECT (check), "image");

  if (gtk_check_button_get_active (check) && self->updating == 0)
    choose_catalog_image (self, image, g_object_get_data (G_OBJECT (check), "local"));
}

static const char *
distro_title (const char *distro)
{
  static const struct { const char *id, *title; } titles[] = {
    { "debian", "Debian" }, { "ubuntu", "Ubuntu" }, { "fedora", "Fedora" },
    { "centos", "CentOS" }, { "rocky", "Rocky Linux" }, { "almalinux", "AlmaLinux" },
    { "opensuse", "openSUSE" }, { "altlinux", "ALT Linux" }, { "alt", "ALT Linux" },
    { "ucs", "Univention" },
  };

  for (guint i = 0; distro != NULL && i < G_N_ELEMENTS (titles); i++)
    if (g_str_equal (distro, titles[i].id))
      return titles[i].title;

  return distro != NULL ? distro : _("Other");
}

static void
set_expander_count (AdwExpanderRow *expander,
                    guint           n)
{
  g_autofree char *count = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u image", "%u images", n), n);

  adw_expander_row_set_subtitle (expander, count);
}

static char *
image_subtitle (const SlipwayCatalogImage *image,
                const char                *local)
{
  g_autoptr(GUri) uri = NULL;

  if (local != NULL)
    return g_strdup (_("On this computer"));

  /* An image of the user's own, until it is found where it was. */
  if (image->url == NULL)
    return g_filename_display_name (image->path != NULL ? image->path : "");

  uri = g_uri_parse (image->url, G_URI_FLAGS_NONE, NULL);
  if (image->checksum_url != NULL)
    /* Translators: %s is a web server's name */
    return g_strdup_printf (_("Download from %s, checked against its published checksums"),
                            uri != NULL ? g_uri_get_host (uri) : image->url);

  /* Translators: %s is a web server's name */
  return g_strdup_printf (_("Download from %s; no checksums published to check it"),
                          uri != NULL ? g_uri_get_host (uri) : image->url);
}

static void
local_info_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GtkWidget) row = user_data;
  g_autoptr(GFileInfo) info = g_file_query_info_finish (G_FILE (object), result, NULL);
  GtkCheckButton *check = g_object_get_data (G_OBJECT (row), "check");
  SlipwayWizard *self;
  g_autofree char *path = NULL;
  g_autofree char *subtitle = NULL;

  if (info == NULL || g_file_info_get_file_type (info) != G_FILE_TYPE_REGULAR)
    return;

  self = SLIPWAY_WIZARD (gtk_widget_get_ancestor (row, SLIPWAY_TYPE_WIZARD));
  if (self == NULL)
    return;     /* gone meanwhile */

  path = g_file_get_path (G_FILE (object));
  subtitle = image_subtitle (g_object_get_data (G_OBJECT (check), "image"), path);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  self->updating++;
  gtk_check_button_set_active (check, g_strcmp0 (path, self->base->image) == 0);
  self->updating--;
  g_object_set_data_full (G_OBJECT (check), "local", g_steal_pointer (&path), g_free);
}

/* Whether an image is on this computer already is a stat each: asked of
 * GIO, off the main loop, and the row follows when it knows. */
static void
find_local (SlipwayWizard             *self,
            GtkWidget                 *row,
            const SlipwayCatalogImage *image)
{
  g_autofree char *candidate = image->path != NULL ? g_strdup (image->path)
                                                   : slipway_catalog_image_cache_path (image);
  g_autoptr(GFile) file = NULL;

  if (candidate == NULL)
    return;

  file = g_file_new_for_path (candidate);
  g_file_query_info_async (file, G_FILE_ATTRIBUTE_STANDARD_TYPE, G_FILE_QUERY_INFO_NONE,
                           G_PRIORITY_DEFAULT, self->cancellable, local_info_cb, g_object_ref (row));
}

static void
build_catalog_rows (SlipwayWizard *self)
{
  AdwExpanderRow *expander = NULL;
  const char *current = NULL;
  guint in_expander = 0;

  for (guint i = 0; i < self->catalog_rows->len; i++)
    adw_preferences_group_remove (self->catalog_group, g_ptr_array_index (self->catalog_rows, i));
  g_ptr_array_set_size (self->catalog_rows, 0);
  self->catalog_radio = NULL;

  for (guint i = 0; self->catalog != NULL && i < self->catalog->len; i++)
    {
      SlipwayCatalogImage *image = g_ptr_array_index (self->catalog, i);
      const char *section = image->is_user ? _("Your Images") : distro_title (image->distro);
      GtkWidget *row;
      GtkWidget *check;
      g_autofree char *subtitle = NULL;

      /* An image for other nodes never boots: not offered. */
      if (!_slipway_wizard_image_fits (self, image))
        continue;

      row = adw_action_row_new ();
      check = gtk_check_button_new ();
      subtitle = image_subtitle (image, NULL);

      if (expander == NULL || g_strcmp0 (section, current) != 0)
        {
          if (expander != NULL)
            set_expander_count (expander, in_expander);
          expander = ADW_EXPANDER_ROW (adw_expander_row_new ());
          adw_preferences_row_set_title (ADW_PREFERENCES_ROW (expander), section);
          adw_expander_row_set_expanded (expander, image->is_user);
          adw_preferences_group_add (self->catalog_group, GTK_WIDGET (expander));
          g_ptr_array_add (self->catalog_rows, expander);
          current = section;
          in_expander = 0;
        }

      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), image->title);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      gtk_widget_set_valign (check, GTK_ALIGN_CENTER);
      if (self->catalog_radio == NULL)
        self->catalog_radio = GTK_CHECK_BUTTON (check);
      else
        gtk_check_button_set_group (GTK_CHECK_BUTTON (check), self->catalog_radio);
      g_object_set_data_full (G_OBJECT (check), "image", slipway_catalog_image_copy (image),
                              (GDestroyNotify)slipway_catalog_image_free);
      g_object_set_data (G_OBJECT (row), "check", check);
      g_signal_connect (check, "toggled", G_CALLBACK (on_catalog_check_toggled_cb), self);
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), check);
      adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), check);
      adw_expander_row_add_row (expander, row);
      find_local (self, row, image);
      in_expander++;
    }

  if (expander != NULL)
    set_expander_count (expander, in_expander);
}

/* Catalog load ------------------------------------------------------------- */

static void
catalog_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(SlipwayWizard) self = user_data;
  g_autoptr(GError) error = NULL;
  GPtrArray *catalog = slipway_catalog_load_finish (result, &error);

  self->loading_catalog = FALSE;
  if (catalog == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      adw_preferences_group_set_description (self->catalog_group, error->message);
      /* Not busy for ever: an image file can still be imported. */
      catalog = g_ptr_array_new_with_free_func ((GDestroyNotify)slipway_catalog_image_free);
    }

  g_clear_pointer (&self->catalog, g_ptr_array_unref);
  self->catalog = catalog;
  build_catalog_rows (self);
  _slipway_wizard_actions_update (self);
}

/* Shows the loaded catalog again, for nodes of another architecture. */
void
_slipway_wizard_show_catalog (SlipwayWizard *self)
{
  build_catalog_rows (self);
}

void
_slipway_wizard_load_catalog (SlipwayWizard *self)
{
  self->loading_catalog = TRUE;
  slipway_catalog_load_async (NULL, self->cancellable, catalog_cb, g_object_ref (self));
}

/* Import and add ------------------------------------------------------------ */

static void
on_import_response_cb (GtkNativeDialog *dialog,
                       int              response,
                       SlipwayWizard   *self)
{
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    {
      file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
      if (file != NULL && !slipway_wizard_import_image (self, file, &error))
        _slipway_wizard_toast (self, error->message);
    }

  g_clear_object (&self->chooser);
}

/* A file chooser for disk images, in self->chooser (one at a time). */
void
_slipway_wizard_open_image_chooser (SlipwayWizard *self,
                                    const char    *title,
                                    const char    *accept,
                                    GCallback      response_cb)
{
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();
  g_autoptr(GtkFileFilter) all = gtk_file_filter_new ();

  gtk_file_filter_set_name (filter, _("Disk Images"));
  gtk_file_filter_add_pattern (filter, "*.qcow2");
  gtk_file_filter_add_pattern (filter, "*.img");
  gtk_file_filter_add_pattern (filter, "*.raw");
  gtk_file_filter_add_mime_type (filter, "application/x-qemu-disk");
  gtk_file_filter_set_name (all, _("All Files"));
  gtk_file_filter_add_pattern (all, "*");

  if (self->chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
  g_clear_object (&self->chooser);
  self->chooser = gtk_file_chooser_native_new (title, GTK_WINDOW (self),
                                               GTK_FILE_CHOOSER_ACTION_OPEN, accept, NULL);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->chooser), filter);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->chooser), all);
  g_signal_connect (self->chooser, "response", response_cb, self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

void
_slipway_wizard_choose_image_file (SlipwayWizard *self)
{
  _slipway_wizard_open_image_chooser (self, _("Import a Cloud Image"), _("_Import"),
                                      G_CALLBACK (on_import_response_cb));
}

void
_slipway_wizard_add_image (SlipwayWizard *self)
{
  g_autoptr(SlipwayCatalogImage) image = slipway_catalog_image_new ();
  g_autofree char *url = _slipway_wizard_stripped (_slipway_wizard_entry_text (self->add_url_row));
  g_autofree char *sums = _slipway_wizard_stripped (_slipway_wizard_entry_text (self->add_sums_row));
  g_autofree char *user = _slipway_wizard_stripped (_slipway_wizard_entry_text (self->add_user_row));
  g_autofree char *base = NULL;
  const char *slash;

  if (url[0] == '\0')
    {
      gtk_widget_add_css_class (GTK_WIDGET (self->add_url_row), "error");
      return;
    }

  slash = strrchr (url, '/');
  base = g_strdup (slash != NULL && slash[1] != '\0' ? slash + 1 : url);
  image->url = g_strdup (url);
  image->title = g_strdup (base);
  image->checksum_url = sums[0] != '\0' ? g_strdup (sums) : slipway_catalog_guess_checksum_url (url);
  slipway_catalog_guess_image (base, &image->distro, user[0] == '\0' ? &image->user : NULL, NULL);
  if (user[0] != '\0')
    image->user = g_steal_pointer (&user);

  gtk_widget_remove_css_class (GTK_WIDGET (self->add_url_row), "error");
  _slipway_wizard_set_entry_text (self, self->add_url_row, "");
  _slipway_wizard_set_entry_text (self, self->add_sums_row, "");
  _slipway_wizard_set_entry_text (self, self->add_user_row, "");
  adw_expander_row_set_expanded (self->add_image_row, FALSE);
  add_user_image (self, image, _("Added to your images"));
}

void
_slipway_wizard_image_init (SlipwayWizard *self)
{
  const char *source = NULL;

  adw_preferences_group_set_description (self->user_group,
                                         slipway_catalog_default_user ("debian", &source) != NULL ? source : NULL);
  _slipway_wizard_load_catalog (self);
}
