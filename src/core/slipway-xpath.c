/* slipway-xpath.c
 *
 * Copyright 2026 The Slipway Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <libxml/parser.h>
#include <libxml/xpath.h>
#include <libxml/xpathInternals.h>

#include "slipway-xml.h"
#include "slipway-xpath-private.h"

G_DEFINE_AUTOPTR_CLEANUP_FUNC (xmlDoc, xmlFreeDoc)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (xmlXPathContext, xmlXPathFreeContext)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (xmlXPathObject, xmlXPathFreeObject)

GStrv
_slipway_xpath_strings (const char *xml,
                        const char *expr)
{
  g_autoptr(xmlDoc) doc = NULL;
  g_autoptr(xmlXPathContext) ctx = NULL;
  g_autoptr(xmlXPathObject) obj = NULL;
  g_autoptr(GStrvBuilder) builder = NULL;

  g_return_val_if_fail (expr != NULL, NULL);

  if (xml == NULL)
    return NULL;

  /* No network, no entities: this parses what libvirt hands back. */
  doc = xmlReadMemory (xml, strlen (xml), NULL, NULL,
                       XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
  if (doc == NULL)
    return NULL;

  ctx = xmlXPathNewContext (doc);
  xmlXPathRegisterNs (ctx, (const xmlChar *)SLIPWAY_XML_NS_PREFIX, (const xmlChar *)SLIPWAY_XML_NS);
  obj = xmlXPathEvalExpression ((const xmlChar *)expr, ctx);

  builder = g_strv_builder_new ();
  if (obj != NULL && obj->type == XPATH_NODESET && obj->nodesetval != NULL)
    {
      for (int i = 0; i < obj->nodesetval->nodeNr; i++)
        {
          xmlChar *content = xmlNodeGetContent (obj->nodesetval->nodeTab[i]);

          g_strv_builder_add (builder, content != NULL ? (const char *)content : "");
          xmlFree (content);
        }
    }
  else if (obj != NULL && obj->type == XPATH_STRING && obj->stringval != NULL)
    {
      g_strv_builder_add (builder, (const char *)obj->stringval);
    }

  return g_strv_builder_end (builder);
}

char *
_slipway_xpath_string (const char *xml,
                       const char *expr)
{
  g_auto(GStrv) all = _slipway_xpath_strings (xml, expr);

  if (all == NULL || all[0] == NULL)
    return NULL;

  return g_strdup (all[0]);
}
