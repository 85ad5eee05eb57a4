/* slipway-host-image.c: whether the image files fit the lab: each one a
 * role with nodes uses can be read and is a disk, and a role's own is of
 * the distribution the cluster's login user is for
 *
 * Copyright 2026 The Slipway Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>
#include <unistd.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "slipway-catalog.h"
#include "slipway-host-private.h"
#include "slipway-image-check-private.h"

/* Whether the image file @path, set in @group, can be read. */
static void
check_image_file (const char *path,
                  const char *group,
                  GPtrArray  *problems)
{
  g_autofree char *display = g_filename_display_name (path);
  g_autofree char *message = NULL;
  GStatBuf st;

  if (g_stat (path, &st) != 0)
    {
      int saved_errno = errno;

      if (saved_errno == ENOENT || saved_errno == ENOTDIR)
        g_ptr_array_add (problems,
                         slipway_problem_new (group, "image", FALSE,
                                              /* Translators: %s is a file name */
                                              _("“%s” does not exist: download a cloud image, "
                                                "such as Debian 12’s “genericcloud” qcow2, and "
                                                "write its path."),
                                              display));
      else
        g_ptr_array_add (problems,
                         slipway_problem_new (group, "image", FALSE,
                                              /* Translators: the first %s is a file name, the
                                               * second the reason from the system */
                                              _("“%s” cannot be read: %s."),
                                              display, g_strerror (saved_errno)));
      return;
    }

  if (!S_ISREG (st.st_mode))
    {
      g_ptr_array_add (problems,
                       slipway_problem_new (group, "image", FALSE,
                                            /* Translators: %s is a file name */
                                            _("“%s” is not a regular file: write the path of the "
                                              "image file itself."),
                                            display));
      return;
    }

  if (g_access (path, R_OK) != 0)
    {
      int saved_errno = errno;

      g_ptr_array_add (problems,
                       slipway_problem_new (group, "image", FALSE,
                                            /* Translators: the first %s is a file name, the
                                             * second the reason from the system */
                                            _("“%s” cannot be read: %s."),
                                            display, g_strerror (saved_errno)));
      return;
    }

  /* What the file holds: its first bytes are enough. */
  message = _slipway_image_check_file (path, display);
  if (message != NULL)
    g_ptr_array_add (problems,
                     slipway_problem_new (group, "image", FALSE, "%s", message));
}

/* Each image file a role with nodes starts from, once, reported in the
 * group that names it. The cluster's is checked only when a role uses it;
 * no image at all is reported by slipway_spec_validate(). */
void
_slipway_host_info_check_images (const SlipwaySpec *spec,
                                 GPtrArray         *problems)
{
  g_autoptr(GHashTable) checked = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint r = 0; r < SLIPWAY_N_ROLES; r++)
    {
      const SlipwayRoleSpec *rs = &spec->roles[r];
      const char *image = slipway_spec_get_role_image (spec, (SlipwayRole)r);
      gboolean own = rs->image != NULL && rs->image[0] != '\0';

      if (rs->count == 0 || image == NULL || g_hash_table_contains (checked, image))
        continue;
      check_image_file (image, own ? slipway_role_to_string ((SlipwayRole)r) : "cluster", problems);
      g_hash_table_add (checked, (gpointer)image);
    }
}

/* A role's own image from another distribution than the login user is
 * for: "user" is the cluster's, one name for every node. From the file's
 * name alone. */
void
_slipway_host_info_check_role_users (const SlipwaySpec *spec,
                                     GPtrArray         *problems)
{
  for (guint r = 0; r < SLIPWAY_N_ROLES; r++)
    {
      const SlipwayRoleSpec *rs = &spec->roles[r];
      g_autofree char *distro = NULL;
      g_autofree char *user = NULL;
      g_autofree char *display = NULL;

      if (rs->count == 0 || rs->image == NULL || rs->image[0] == '\0' || spec->user == NULL ||
          !slipway_catalog_guess_image (rs->image, &distro, &user, NULL) ||
          user == NULL || g_str_equal (user, spec->user))
        continue;
      /* "debian" is also the answer for a distribution whose user is not known. */
      if (g_str_equal (user, "debian") && g_ascii_strcasecmp (distro, "debian") != 0)
        continue;

      display = g_filename_display_basename (rs->image);
      g_ptr_array_add (problems,
                       slipway_problem_new (slipway_role_to_string ((SlipwayRole)r), "image", TRUE,
                                            /* Translators: a file name, a login name
                                             * ("ubuntu"), then the cluster's ("debian") */
                                            _("“%s” looks like an image whose login user is "
                                              "“%s”, but every node logs in as the cluster’s "
                                              "“user”, “%s”: SSH to these nodes may fail. Choose "
                                              "an image of the same distribution as the others."),
                                            display, user, spec->user));
    }
}
