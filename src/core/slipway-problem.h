/* slipway-problem.h
 *
 * Copyright 2026 The Slipway Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#if !defined (SLIPWAY_INSIDE) && !defined (SLIPWAY_COMPILATION)
# error "Only <slipway.h> can be included directly."
#endif

#include <glib-object.h>

G_BEGIN_DECLS

/**
 * SlipwayProblem:
 * @group: the cluster-file group ("cluster", "worker"...), or %NULL for the whole file
 * @key: the key inside @group, or %NULL
 * @message: what is wrong and how to fix it, translated, one sentence or two
 * @is_warning: %TRUE when the spec is still usable
 */
typedef struct
{
  char     *group;
  char     *key;
  char     *message;
  gboolean  is_warning;
} SlipwayProblem;

#define SLIPWAY_TYPE_PROBLEM (slipway_problem_get_type ())

GType            slipway_problem_get_type       (void) G_GNUC_CONST;

SlipwayProblem  *slipway_problem_new            (const char          *group,
                                                 const char          *key,
                                                 gboolean             is_warning,
                                                 const char          *format,
                                                 ...) G_GNUC_PRINTF (4, 5);
SlipwayProblem  *slipway_problem_copy           (const SlipwayProblem *problem);
void             slipway_problem_free           (SlipwayProblem      *problem);
char            *slipway_problem_to_string      (const SlipwayProblem *problem);
GPtrArray       *slipway_problems_new           (void);
gboolean         slipway_problems_has_errors    (GPtrArray           *problems);
gboolean         slipway_problems_to_error      (GPtrArray           *problems,
                                                 const char          *source,
                                                 GError             **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SlipwayProblem, slipway_problem_free)

G_END_DECLS
