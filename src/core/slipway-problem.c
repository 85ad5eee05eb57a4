/* slipway-problem.c
 *
 * Copyright 2026 The Slipway Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "slipway-error.h"
#include "slipway-problem.h"

G_DEFINE_BOXED_TYPE (SlipwayProblem, slipway_problem, slipway_problem_copy, slipway_problem_free)

/* Problems */

/**
 * slipway_problem_new:
 * @group: (nullable): the group, or %NULL for the whole file
 * @key: (nullable): the key in @group, or %NULL
 * @is_warning: %TRUE when the spec stays usable
 * @format: printf format of the message, translated
 *
 * Returns: (transfer full): a new problem
 */
SlipwayProblem *
slipway_problem_new (const char *group,
                     const char *key,
                     gboolean    is_warning,
                     const char *format,
                     ...)
{
  SlipwayProblem *problem;
  va_list args;

  g_return_val_if_fail (format != NULL, NULL);
  g_return_val_if_fail (key == NULL || group != NULL, NULL);

  problem = g_new0 (SlipwayProblem, 1);
  problem->group = g_strdup (group);
  problem->key = g_strdup (key);
  problem->is_warning = !!is_warning;

  va_start (args, format);
  problem->message = g_strdup_vprintf (format, args);
  va_end (args);

  return problem;
}

SlipwayProblem *
slipway_problem_copy (const SlipwayProblem *problem)
{
  SlipwayProblem *copy;

  g_return_val_if_fail (problem != NULL, NULL);

  copy = g_new0 (SlipwayProblem, 1);
  copy->group = g_strdup (problem->group);
  copy->key = g_strdup (problem->key);
  copy->message = g_strdup (problem->message);
  copy->is_warning = problem->is_warning;

  return copy;
}

void
slipway_problem_free (SlipwayProblem *problem)
{
  if (problem == NULL)
    return;

  g_free (problem->group);
  g_free (problem->key);
  g_free (problem->message);
  g_free (problem);
}

/**
 * slipway_problem_to_string:
 * @problem: a problem
 *
 * Returns: (transfer full): "[group] key: message", "[group] message" or
 *   just the message when the problem is about the whole file
 */
char *
slipway_problem_to_string (const SlipwayProblem *problem)
{
  g_return_val_if_fail (problem != NULL, NULL);

  if (problem->group == NULL)
    return g_strdup (problem->message);

  if (problem->key == NULL)
    return g_strdup_printf ("[%s] %s", problem->group, problem->message);

  return g_strdup_printf ("[%s] %s: %s", problem->group, problem->key, problem->message);
}

/**
 * slipway_problems_new:
 *
 * Returns: (transfer full) (element-type SlipwayProblem): an empty array
 *   that frees its problems
 */
GPtrArray *
slipway_problems_new (void)
{
  return g_ptr_array_new_with_free_func ((GDestroyNotify)slipway_problem_free);
}

gboolean
slipway_problems_has_errors (GPtrArray *problems)
{
  if (problems == NULL)
    return FALSE;

  for (guint i = 0; i < problems->len; i++)
    {
      const SlipwayProblem *problem = g_ptr_array_index (problems, i);

      if (!problem->is_warning)
        return TRUE;
    }

  return FALSE;
}

/**
 * slipway_problems_to_error:
 * @problems: (nullable) (element-type SlipwayProblem): problems
 * @source: (nullable): what the problems are about, such as a file name
 * @error: return location for a %SLIPWAY_ERROR_INVALID_SPEC error
 *
 * When @problems holds at least one error, sets @error to a message made of
 * "@source:" and every problem on its own line, errors first, then warnings
 * (marked as such), and returns %FALSE. Warnings alone are no error.
 *
 * Returns: %FALSE if @problems holds an error
 */
gboolean
slipway_problems_to_error (GPtrArray   *problems,
                           const char  *source,
                           GError     **error)
{
  g_autoptr(GString) message = NULL;

  if (!slipway_problems_has_errors (problems))
    return TRUE;

  message = g_string_new (NULL);
  if (source != NULL)
    g_string_append_printf (message, "%s:", source);

  for (guint pass = 0; pass < 2; pass++)
    {
      for (guint i = 0; i < problems->len; i++)
        {
          const SlipwayProblem *problem = g_ptr_array_index (problems, i);
          g_autofree char *line = NULL;

          if (problem->is_warning != (pass == 1))
            continue;

          line = slipway_problem_to_string (problem);
          if (message->len > 0)
            g_string_append_c (message, '\n');

          if (problem->is_warning)
            /* Translators: a line in a list of problems of a cluster file;
             * %s is the problem, "[worker] memory: …" */
            g_string_append_printf (message, _("warning: %s"), line);
          else
            g_string_append (message, line);
        }
    }

  g_set_error_literal (error, SLIPWAY_ERROR, SLIPWAY_ERROR_INVALID_SPEC, message->str);

  return FALSE;
}
