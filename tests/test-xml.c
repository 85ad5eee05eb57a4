/* test-xml.c
 *
 * Copyright 2026 The Slipway Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "xml-test-utils.h"

/* A cluster file's text with everything XML must escape, non-ASCII text,
 * a CR LF line end, a CDATA terminator and trailing blanks. */
#define NASTY_SPEC \
  "# Slipway cluster file — “lab” & <friends>\r\n" \
  "[cluster]\n" \
  "name=a&b <\"c'>\n" \
  "comment=]]> &amp; not an entity; é ß 日本 🚀\n" \
  "\tindented = yes   \n" \
  "\n"

#define NASTY_CLUSTER "a&b <\"c'> é"

static const SlipwayDomainParams qemu_params = {
  .virt_type = "qemu",
  .arch = "x86_64",
  .machine = NULL,
  .overlay_path = "/var/lib/libvirt/images/slipway-lab/lab-control0.qcow2",
  .seed_path = "/var/lib/libvirt/images/slipway-lab/lab-control0-seed.iso",
};

static const SlipwayDomainParams kvm_params = {
  .virt_type = "kvm",
  .arch = "x86_64",
  .machine = "pc-q35-7.2",
  .overlay_path = "/var/lib/libvirt/images/slipway-lab/lab-control0.qcow2",
  .seed_path = "/var/lib/libvirt/images/slipway-lab/lab-control0-seed.iso",
};

/* On qemu:///session: the serial port is logged where the user reads it. */
static const SlipwayDomainParams session_params = {
  .virt_type = "kvm",
  .arch = "x86_64",
  .machine = NULL,
  .overlay_path = "/home/ada/.local/share/libvirt/images/lab-control0.qcow2",
  .seed_path = "/home/ada/.local/share/libvirt/images/lab-control0-seed.iso",
  .console_log = "/home/ada/.cache/slipway/consoles/lab-control0 & co.log",
};

/* On a local daemon whose kernel allows io_uring. */
static const SlipwayDomainParams io_uring_params = {
  .virt_type = "qemu",
  .arch = "x86_64",
  .machine = NULL,
  .overlay_path = "/var/lib/libvirt/images/slipway-lab/lab-control0.qcow2",
  .seed_path = "/var/lib/libvirt/images/slipway-lab/lab-control0-seed.iso",
  .io_uring = TRUE,
};

/* What libvirt's test driver offers in its capabilities. */
static const SlipwayDomainParams test_params = {
  .virt_type = "test",
  .arch = "i686",
  .machine = NULL,
  .overlay_path = "/default-pool/lab-control0.qcow2",
  .seed_path = "/default-pool/lab-control0-seed.iso",
};

/* Network */

static void
test_network_nat (void)
{
  g_autoptr(TestTopology) topology = test_topology_new ("lab", 1, 3, 3);
  g_autofree char *xml = NULL;

  xml = slipway_xml_network (topology, SLIPWAY_NETWORK_NAT, "[cluster]\nname=lab\n");
  g_assert_nonnull (xml);
  assert_valid (xml, "network");

  assert_xpath_str (xml, "/network/name", "slipway-lab");
  assert_xpath_count (xml, "/network/forward", 1);
  assert_xpath_str (xml, "/network/forward/@mode", "nat");

  /* libvirt picks the bridge's name; we pick STP and its delay. */
  assert_xpath_count (xml, "/network/bridge", 1);
  assert_xpath_count (xml, "/network/bridge/@name", 0);
  /* No spanning tree: it holds a restored node's new tap port for 4 s. */
  assert_xpath_str (xml, "/network/bridge/@stp", "off");
  assert_xpath_str (xml, "/network/bridge/@delay", "0");

  assert_xpath_str (xml, "/network/domain/@name", "lab.test");
  assert_xpath_str (xml, "/network/domain/@localOnly", "yes");

  assert_xpath_str (xml, "/network/metadata/slipway:cluster/@name", "lab");
  assert_xpath_str (xml, "/network/metadata/slipway:cluster/@version", "1");
  assert_xpath_str (xml, "/network/metadata/slipway:cluster/slipway:spec",
                    "[cluster]\nname=lab\n");

  /* vmhost, and one host per node; kubernetes shares gateway0's entry. */
  assert_xpath_count (xml, "/network/dns/host", 1 + 7);
  assert_xpath_str (xml, "/network/dns/host[@ip='10.77.3.1']/hostname[1]", "vmhost");
  assert_xpath_str (xml, "/network/dns/host[@ip='10.77.3.1']/hostname[2]", "vmhost.lab.test");
  assert_xpath_count (xml, "/network/dns/host[@ip='10.77.3.10']/hostname", 4);
  assert_xpath_str (xml, "/network/dns/host[@ip='10.77.3.10']/hostname[1]", "gateway0");
  assert_xpath_str (xml, "/network/dns/host[@ip='10.77.3.10']/hostname[2]", "gateway0.lab.test");
  assert_xpath_str (xml, "/network/dns/host[@ip='10.77.3.10']/hostname[3]", "kubernetes");
  assert_xpath_str (xml, "/network/dns/host[@ip='10.77.3.10']/hostname[4]", "kubernetes.lab.test");
  assert_xpath_count (xml, "/network/dns/host/hostname[.='kubernetes']", 1);
  assert_xpath_str (xml, "/network/dns/host[@ip='10.77.3.12']/hostname[1]", "control1");
  assert_xpath_str (xml, "/network/dns/host[@ip='10.77.3.16']/hostname[2]", "worker2.lab.test");

  assert_xpath_str (xml, "/network/ip/@address", "10.77.3.1");
  assert_xpath_str (xml, "/network/ip/@netmask", "255.255.255.0");
  assert_xpath_str (xml, "/network/ip/dhcp/range/@start", "10.77.3.200");
  assert_xpath_str (xml, "/network/ip/dhcp/range/@end", "10.77.3.250");
  assert_xpath_count (xml, "/network/ip/dhcp/host", 7);
  assert_xpath_str (xml, "/network/ip/dhcp/host[@name='worker2']/@mac", "52:54:00:ab:cd:06");
  assert_xpath_str (xml, "/network/ip/dhcp/host[@name='worker2']/@ip", "10.77.3.16");
  assert_xpath_str (xml, "/network/ip/dhcp/host[@mac='52:54:00:ab:cd:00']/@name", "gateway0");
}

static void
test_network_isolated (void)
{
  g_autoptr(TestTopology) topology = test_topology_new ("lab", 0, 1, 2);
  g_autofree char *xml = NULL;

  xml = slipway_xml_network (topology, SLIPWAY_NETWORK_ISOLATED, "");
  g_assert_nonnull (xml);
  assert_valid (xml, "network");

  assert_xpath_count (xml, "/network/forward", 0);
  assert_xpath_count (xml, "//forward", 0);
  g_assert_null (strstr (xml, "forward"));

  /* No gateway: the API name goes to control0. */
  assert_xpath_count (xml, "/network/dns/host", 1 + 3);
  assert_xpath_str (xml, "/network/dns/host[hostname='kubernetes']/@ip", "10.77.3.10");
  assert_xpath_str (xml, "/network/dns/host[@ip='10.77.3.10']/hostname[1]", "control0");
  assert_xpath_count (xml, "/network/ip/dhcp/host", 3);
}

static void
test_network_api_address (void)
{
  g_autoptr(TestTopology) topology = test_topology_new ("lab", 0, 0, 2);
  g_autofree char *xml = NULL;
  g_autofree char *vip_xml = NULL;

  /* Workers only: no API address, no "kubernetes". */
  g_assert_null (topology->api_ipv4);
  xml = slipway_xml_network (topology, SLIPWAY_NETWORK_ISOLATED, NULL);
  assert_valid (xml, "network");
  assert_xpath_count (xml, "//hostname[.='kubernetes']", 0);
  assert_xpath_count (xml, "/network/dns/host", 1 + 2);
  /* A NULL spec is an empty one. */
  assert_xpath_count (xml, "/network/metadata/slipway:cluster/slipway:spec", 1);

  /* An address of its own gets a host entry of its own. */
  topology->api_ipv4 = g_strdup ("10.77.3.5");
  vip_xml = slipway_xml_network (topology, SLIPWAY_NETWORK_ISOLATED, NULL);
  assert_valid (vip_xml, "network");
  assert_xpath_count (vip_xml, "/network/dns/host", 1 + 2 + 1);
  assert_xpath_str (vip_xml, "/network/dns/host[@ip='10.77.3.5']/hostname[1]", "kubernetes");
  assert_xpath_str (vip_xml, "/network/dns/host[@ip='10.77.3.5']/hostname[2]",
                    "kubernetes.lab.test");

  /* No DHCP range at all is fine too: reservations only. */
  g_clear_pointer (&topology->dhcp_start, g_free);
  g_clear_pointer (&topology->dhcp_end, g_free);
  g_clear_pointer (&xml, g_free);
  xml = slipway_xml_network (topology, SLIPWAY_NETWORK_NAT, NULL);
  assert_valid (xml, "network");
  assert_xpath_count (xml, "/network/ip/dhcp/range", 0);
  assert_xpath_count (xml, "/network/ip/dhcp/host", 2);
}

static void
test_network_escaping (void)
{
  g_autoptr(TestTopology) topology = test_topology_new (NASTY_CLUSTER, 1, 1, 1);
  g_autofree char *xml = NULL;
  g_autofree char *odd_domain_xml = NULL;
  g_autofree char *cluster = NULL;
  g_autofree char *spec = NULL;

  xml = slipway_xml_network (topology, SLIPWAY_NETWORK_NAT, NASTY_SPEC);
  g_assert_nonnull (xml);
  g_test_message ("%s", xml);

  /* Every user string is escaped: well-formed, valid, and read back. */
  assert_valid (xml, "network");
  assert_xpath_str (xml, "/network/name", "slipway-" NASTY_CLUSTER);
  assert_xpath_str (xml, "/network/metadata/slipway:cluster/@name", NASTY_CLUSTER);

  g_assert_true (slipway_xml_parse_network (xml, &cluster, &spec));
  g_assert_cmpstr (cluster, ==, NASTY_CLUSTER);
  g_assert_cmpstr (spec, ==, NASTY_SPEC);

  /* libvirt's schema wants DNS names here, so only well-formedness counts:
   * the text must still come back as it went in. */
  g_free (topology->domain);
  topology->domain = g_strdup ("lab&<'\">.test");
  odd_domain_xml = slipway_xml_network (topology, SLIPWAY_NETWORK_NAT, NASTY_SPEC);
  assert_xpath_str (odd_domain_xml, "/network/domain/@name", "lab&<'\">.test");
  assert_xpath_str (odd_domain_xml, "/network/dns/host[@ip='10.77.3.1']/hostname[2]",
                    "vmhost.lab&<'\">.test");
}

static void
test_network_invalid_chars (void)
{
  g_autoptr(TestTopology) topology = test_topology_new ("lab", 0, 1, 0);
  g_autofree char *xml = NULL;
  g_autofree char *spec = NULL;

  /* XML 1.0 cannot carry U+0001 even as &#1;: it becomes U+FFFD, and the
   * document stays well-formed. Tabs, LF and CR survive. */
  xml = slipway_xml_network (topology, SLIPWAY_NETWORK_ISOLATED, "a\001b\tc\r\nd\x1f");
  assert_valid (xml, "network");
  g_assert_true (slipway_xml_parse_network (xml, NULL, &spec));
  g_assert_cmpstr (spec, ==, "a\xef\xbf\xbd" "b\tc\r\nd\xef\xbf\xbd");
}

static void
test_network_define (void)
{
  g_autoptr(virConnect) conn = open_test_driver ();

  for (guint mode = SLIPWAY_NETWORK_NAT; mode <= SLIPWAY_NETWORK_ISOLATED; mode++)
    {
      g_autoptr(TestTopology) topology = test_topology_new (NASTY_CLUSTER, 1, 3, 3);
      g_autoptr(virNetwork) net = NULL;
      g_autofree char *xml = NULL;
      g_autofree char *cluster = NULL;
      g_autofree char *spec = NULL;
      char *dumped;

      xml = slipway_xml_network (topology, mode, NASTY_SPEC);
      net = virNetworkDefineXML (conn, xml);
      if (net == NULL)
        g_error ("virNetworkDefineXML: %s\n%s", virGetLastErrorMessage (), xml);
      g_assert_cmpstr (virNetworkGetName (net), ==, topology->network_name);

      g_assert_cmpint (virNetworkCreate (net), ==, 0);

      /* What libvirt hands back, reformatted, still reads as ours. */
      dumped = virNetworkGetXMLDesc (net, 0);
      g_assert_nonnull (dumped);
      g_test_message ("libvirt's view:\n%s", dumped);
      g_assert_true (slipway_xml_parse_network (dumped, &cluster, &spec));
      g_assert_cmpstr (cluster, ==, NASTY_CLUSTER);
      g_assert_cmpstr (spec, ==, NASTY_SPEC);
      assert_xpath_count (dumped, "/network/forward", mode == SLIPWAY_NETWORK_NAT ? 1 : 0);
      assert_xpath_count (dumped, "/network/ip/dhcp/host", 7);
      free (dumped);

      g_assert_cmpint (virNetworkDestroy (net), ==, 0);
      g_assert_cmpint (virNetworkUndefine (net), ==, 0);
    }
}

static void
test_network_foreign (void)
{
  g_autoptr(TestTopology) topology = test_topology_new ("lab", 1, 1, 1);
  g_autofree char *ours = slipway_xml_network (topology, SLIPWAY_NETWORK_NAT, "spec");
  g_autofree char *other_prefix = NULL;
  char *cluster = (char *)"untouched";
  char *spec = (char *)"untouched";
  const char * const not_ours[] = {
    /* libvirt's default network */
    "<network><name>default</name><forward mode='nat'/>"
    "<bridge name='virbr0' stp='on' delay='0'/>"
    "<ip address='192.168.122.1' netmask='255.255.255.0'>"
    "<dhcp><range start='192.168.122.2' end='192.168.122.254'/></dhcp></ip></network>",
    /* somebody else's metadata */
    "<network><name>x</name><metadata>"
    "<other:cluster xmlns:other='https://example.org/other' name='lab' version='1'>"
    "<other:spec>x</other:spec></other:cluster></metadata></network>",
    /* our prefix, another namespace */
    "<network><name>x</name><metadata>"
    "<slipway:cluster xmlns:slipway='https://example.org/slipway' name='lab' version='1'>"
    "<slipway:spec>x</slipway:spec></slipway:cluster></metadata></network>",
    /* our element, no namespace */
    "<network><name>x</name><metadata>"
    "<cluster name='lab' version='1'><spec>x</spec></cluster></metadata></network>",
    /* a version we do not know */
    "<network><name>x</name><metadata>"
    "<s:cluster xmlns:s='" SLIPWAY_XML_NS "' name='lab' version='2'>"
    "<s:spec>x</s:spec></s:cluster></metadata></network>",
    /* no name, empty name, no spec */
    "<network><name>x</name><metadata>"
    "<s:cluster xmlns:s='" SLIPWAY_XML_NS "' version='1'>"
    "<s:spec>x</s:spec></s:cluster></metadata></network>",
    "<network><name>x</name><metadata>"
    "<s:cluster xmlns:s='" SLIPWAY_XML_NS "' name='' version='1'>"
    "<s:spec>x</s:spec></s:cluster></metadata></network>",
    "<network><name>x</name><metadata>"
    "<s:cluster xmlns:s='" SLIPWAY_XML_NS "' name='lab' version='1'/></metadata></network>",
    /* twice: which one would be true? */
    "<network><name>x</name><metadata>"
    "<s:cluster xmlns:s='" SLIPWAY_XML_NS "' name='a' version='1'><s:spec/></s:cluster>"
    "<s:cluster xmlns:s='" SLIPWAY_XML_NS "' name='b' version='1'><s:spec/></s:cluster>"
    "</metadata></network>",
    /* not a network, not XML */
    "<domain><metadata>"
    "<s:cluster xmlns:s='" SLIPWAY_XML_NS "' name='lab' version='1'><s:spec/></s:cluster>"
    "</metadata></domain>",
    "<network><name>x</name><metadata>",
    "not xml at all & <",
    "",
  };

  for (guint i = 0; i < G_N_ELEMENTS (not_ours); i++)
    {
      g_test_message ("Not ours: %s", not_ours[i]);
      g_assert_false (slipway_xml_parse_network (not_ours[i], &cluster, &spec));
      g_assert_cmpstr (cluster, ==, "untouched");
      g_assert_cmpstr (spec, ==, "untouched");
    }

  /* The namespace decides, not the prefix; others' metadata may be there. */
  other_prefix = g_strdup ("<network><name>x</name><metadata>"
                           "<lib:os xmlns:lib='http://libosinfo.org/xmlns/libvirt/domain/1.0'/>"
                           "<sw:cluster xmlns:sw='" SLIPWAY_XML_NS "' name='lab' version='1'>"
                           "<sw:spec>a &amp; b</sw:spec></sw:cluster></metadata></network>");
  g_assert_true (slipway_xml_parse_network (other_prefix, &cluster, &spec));
  g_assert_cmpstr (cluster, ==, "lab");
  g_assert_cmpstr (spec, ==, "a & b");
  g_clear_pointer (&cluster, g_free);
  g_clear_pointer (&spec, g_free);

  /* Out arguments are optional. */
  g_assert_true (slipway_xml_parse_network (ours, NULL, NULL));
}

/* Domain */

static void
test_domain_valid (gconstpointer data)
{
  const SlipwayDomainParams *params = data;
  g_autoptr(TestTopology) topology = test_topology_new ("lab", 1, 3, 3);

  for (guint id = 0; id < topology->nodes->len; id++)
    {
      g_autofree char *xml = domain_xml_for (topology, id, params);

      if (id == 0)
        g_test_message ("%s", xml);
      assert_valid (xml, "domain");
      assert_xpath_str (xml, "/domain/@type", params->virt_type);
      /* The serial port (the console) is logged only where asked to. */
      assert_xpath_count (xml, "/domain/devices/serial", 1);
      assert_xpath_count (xml, "/domain/devices/serial[@type='pty']", 1);
      if (params->console_log != NULL)
        {
          assert_xpath_str (xml, "/domain/devices/serial/log/@file", params->console_log);
          assert_xpath_str (xml, "/domain/devices/serial/log/@append", "off");
        }
      else
        {
          assert_xpath_count (xml, "/domain/devices/serial/log", 0);
        }
      assert_xpath_str (xml, "/domain/os/type/@arch", params->arch);
      /* Only TCG translates code, and its cache is bounded: QEMU's
       * default grows to 1 GiB beside every guest. */
      if (g_str_equal (params->virt_type, "qemu"))
        {
          assert_xpath_str (xml, "/domain/features/tcg/tb-cache", "128");
          assert_xpath_str (xml, "/domain/features/tcg/tb-cache/@unit", "MiB");
        }
      else
        {
          assert_xpath_count (xml, "/domain/features/tcg", 0);
        }
      /* The overlay (only) through io_uring where asked, otherwise
       * through QEMU's default, its threads. */
      assert_xpath_str (xml, "/domain/devices/disk[target/@dev='vda']/driver/@discard", "unmap");
      if (params->io_uring)
        assert_xpath_str (xml, "/domain/devices/disk[target/@dev='vda']/driver/@io", "io_uring");
      else
        assert_xpath_count (xml, "/domain/devices/disk[target/@dev='vda']/driver/@io", 0);
      assert_xpath_count (xml, "/domain/devices/disk[target/@dev='vdb']/driver/@io", 0);
      if (params->machine != NULL)
        assert_xpath_str (xml, "/domain/os/type/@machine", params->machine);
      else
        assert_xpath_count (xml, "/domain/os/type/@machine", 0);
    }
}

static void
test_domain_content (void)
{
  g_autoptr(TestTopology) topology = test_topology_new ("lab", 1, 3, 3);
  g_autofree char *xml = domain_xml_for (topology, 1, &qemu_params);
  g_autofree char *description = NULL;

  g_test_message ("%s", xml);

  assert_xpath_str (xml, "/domain/@type", "qemu");
  assert_xpath_str (xml, "/domain/name", "lab-control0");
  assert_xpath_str (xml, "/domain/title", "Slipway: lab — control0");
  description = xpath_string (xml, "/domain/description");
  g_assert_nonnull (strstr (description, "control0"));
  g_assert_nonnull (strstr (description, "lab"));
  g_assert_nonnull (strstr (description, "10.77.3.11"));
  g_assert_nonnull (strstr (description, "52:54:00:ab:cd:01"));

  /* 2 GiB in KiB */
  assert_xpath_str (xml, "/domain/memory", "2097152");
  assert_xpath_str (xml, "/domain/memory/@unit", "KiB");
  assert_xpath_str (xml, "/domain/vcpu", "2");

  assert_xpath_str (xml, "/domain/os/type", "hvm");
  assert_xpath_str (xml, "/domain/os/type/@arch", "x86_64");
  assert_xpath_count (xml, "/domain/os/type/@machine", 0);
  assert_xpath_count (xml, "/domain/os/boot", 1);
  assert_xpath_str (xml, "/domain/os/boot/@dev", "hd");
  assert_xpath_count (xml, "/domain/features/acpi", 1);
  assert_xpath_count (xml, "/domain/features/apic", 1);
  /* TCG cannot pass the host CPU through. */
  assert_xpath_count (xml, "/domain/cpu", 0);

  assert_xpath_str (xml, "/domain/on_poweroff", "destroy");
  assert_xpath_str (xml, "/domain/on_reboot", "restart");
  assert_xpath_str (xml, "/domain/on_crash", "destroy");

  /* Headless */
  assert_xpath_count (xml, "//graphics", 0);
  assert_xpath_count (xml, "/domain/devices/video[model/@type!='none']", 0);

  assert_xpath_count (xml, "/domain/devices/disk", 2);
  assert_xpath_str (xml, "/domain/devices/disk[target/@dev='vda']/@type", "file");
  assert_xpath_str (xml, "/domain/devices/disk[target/@dev='vda']/@device", "disk");
  assert_xpath_str (xml, "/domain/devices/disk[target/@dev='vda']/target/@bus", "virtio");
  assert_xpath_str (xml, "/domain/devices/disk[target/@dev='vda']/driver/@name", "qemu");
  assert_xpath_str (xml, "/domain/devices/disk[target/@dev='vda']/driver/@type", "qcow2");
  assert_xpath_str (xml, "/domain/devices/disk[target/@dev='vda']/source/@file",
                    qemu_params.overlay_path);
  assert_xpath_count (xml, "/domain/devices/disk[target/@dev='vda']/readonly", 0);

  /* The seed: a read-only raw virtio disk, never a cdrom. */
  assert_xpath_count (xml, "/domain/devices/disk[@device='cdrom']", 0);
  assert_xpath_str (xml, "/domain/devices/disk[target/@dev='vdb']/@type", "file");
  assert_xpath_str (xml, "/domain/devices/disk[target/@dev='vdb']/@device", "disk");
  assert_xpath_str (xml, "/domain/devices/disk[target/@dev='vdb']/target/@bus", "virtio");
  assert_xpath_str (xml, "/domain/devices/disk[target/@dev='vdb']/driver/@type", "raw");
  assert_xpath_str (xml, "/domain/devices/disk[target/@dev='vdb']/source/@file",
                    qemu_params.seed_path);
  assert_xpath_count (xml, "/domain/devices/disk[target/@dev='vdb']/readonly", 1);

  assert_xpath_count (xml, "/domain/devices/interface", 1);
  assert_xpath_str (xml, "/domain/devices/interface/@type", "network");
  assert_xpath_str (xml, "/domain/devices/interface/source/@network", "slipway-lab");
  assert_xpath_str (xml, "/domain/devices/interface/mac/@address", "52:54:00:ab:cd:01");
  assert_xpath_str (xml, "/domain/devices/interface/model/@type", "virtio");

  assert_xpath_count (xml, "/domain/devices/serial", 1);
  assert_xpath_str (xml, "/domain/devices/serial/@type", "pty");
  assert_xpath_count (xml, "/domain/devices/console", 1);
  assert_xpath_str (xml, "/domain/devices/console/@type", "pty");
  assert_xpath_str (xml, "/domain/devices/console/target/@type", "serial");

  assert_xpath_str (xml, "/domain/devices/memballoon/@model", "virtio");
  assert_xpath_str (xml, "/domain/devices/rng/@model", "virtio");
  assert_xpath_str (xml, "/domain/devices/rng/backend/@model", "random");
  assert_xpath_str (xml, "/domain/devices/rng/backend", "/dev/urandom");
  /* The guest agent's channel: the clock is set through it after a restore. */
  assert_xpath_str (xml, "/domain/devices/channel/@type", "unix");
  assert_xpath_str (xml, "/domain/devices/channel/target/@type", "virtio");
  assert_xpath_str (xml, "/domain/devices/channel/target/@name", "org.qemu.guest_agent.0");

  assert_xpath_count (xml, "/domain/metadata/*", 1);
  assert_xpath_str (xml, "/domain/metadata/slipway:node/@cluster", "lab");
  assert_xpath_str (xml, "/domain/metadata/slipway:node/@role", "control");
  assert_xpath_str (xml, "/domain/metadata/slipway:node/@id", "1");
  g_assert_nonnull (strstr (xml, "<" SLIPWAY_XML_NS_PREFIX ":node"));
}

static void
test_domain_kvm (void)
{
  g_autoptr(TestTopology) topology = test_topology_new ("lab", 1, 3, 3);
  g_autofree char *xml = domain_xml_for (topology, 4, &kvm_params);

  assert_xpath_str (xml, "/domain/@type", "kvm");
  assert_xpath_str (xml, "/domain/cpu/@mode", "host-passthrough");
  assert_xpath_str (xml, "/domain/os/type/@machine", "pc-q35-7.2");
  assert_xpath_str (xml, "/domain/name", "lab-worker0");
  assert_xpath_str (xml, "/domain/memory", "8388608");
  assert_xpath_str (xml, "/domain/vcpu", "4");
  assert_xpath_str (xml, "/domain/metadata/slipway:node/@role", "worker");
  assert_xpath_str (xml, "/domain/metadata/slipway:node/@id", "4");
}

static void
test_domain_virsh_define (void)
{
  g_autoptr(TestTopology) topology = test_topology_new ("lab", 1, 3, 3);
  g_autofree char *virsh = find_tool ("virsh", "libvirt-clients");

  if (virsh == NULL)
    return;

  for (guint id = 0; id < topology->nodes->len; id++)
    {
      g_autofree char *xml = domain_xml_for (topology, id, &test_params);
      g_autofree char *path = write_temp_xml (xml);

      /* --validate: libvirt checks the document against its schema too. */
      assert_tool_succeeds ((const char * const[]) {
                              virsh, "--quiet", "-c", TEST_URI, "define", "--validate", path, NULL
                            }, xml);
      g_unlink (path);
    }
}

static void
test_domain_api_define (void)
{
  g_autoptr(TestTopology) topology = test_topology_new (NASTY_CLUSTER, 1, 1, 1);
  g_autoptr(virConnect) conn = open_test_driver ();
  g_autoptr(virNetwork) net = NULL;
  g_autofree char *net_xml = NULL;

  /* The network first, as the provisioner does: the NIC names it. */
  net_xml = slipway_xml_network (topology, SLIPWAY_NETWORK_ISOLATED, NASTY_SPEC);
  net = virNetworkDefineXML (conn, net_xml);
  if (net == NULL)
    g_error ("virNetworkDefineXML: %s", virGetLastErrorMessage ());

  for (guint id = 0; id < topology->nodes->len; id++)
    {
      SlipwayNodeInfo *node = topology_node (topology, id);
      g_autofree char *xml = domain_xml_for (topology, id, &test_params);
      g_autoptr(virDomain) dom = NULL;
      g_autofree char *cluster = NULL;
      SlipwayRole role = SLIPWAY_N_ROLES;
      guint node_id = G_MAXUINT;
      char *dumped;

      dom = virDomainDefineXMLFlags (conn, xml, VIR_DOMAIN_DEFINE_VALIDATE);
      if (dom == NULL)
        g_error ("virDomainDefineXML: %s\n%s", virGetLastErrorMessage (), xml);
      g_assert_cmpstr (virDomainGetName (dom), ==, node->domain_name);

      dumped = virDomainGetXMLDesc (dom, VIR_DOMAIN_XML_INACTIVE);
      g_assert_nonnull (dumped);
      if (id == 0)
        g_test_message ("libvirt's view:\n%s", dumped);

      g_assert_true (slipway_xml_parse_domain (dumped, &cluster, &role, &node_id));
      g_assert_cmpstr (cluster, ==, NASTY_CLUSTER);
      g_assert_cmpint (role, ==, node->role);
      g_assert_cmpuint (node_id, ==, node->id);
      assert_xpath_count (dumped, "//graphics", 0);
      assert_xpath_count (dumped, "/domain/devices/disk[target/@dev='vdb']/readonly", 1);
      free (dumped);

      /* libvirt's metadata API sees the same element. */
      dumped = virDomainGetMetadata (dom, VIR_DOMAIN_METADATA_ELEMENT, SLIPWAY_XML_NS,
                                     VIR_DOMAIN_AFFECT_CONFIG);
      g_assert_nonnull (dumped);
      assert_xpath_str (dumped, "/node/@cluster", NASTY_CLUSTER);
      free (dumped);

      g_assert_cmpint (virDomainUndefine (dom), ==, 0);
    }

  g_assert_cmpint (virNetworkUndefine (net), ==, 0);
}

static void
test_domain_parse_round_trip (void)
{
  g_autoptr(TestTopology) topology = test_topology_new (NASTY_CLUSTER, 2, 3, 4);

  for (guint id = 0; id < topology->nodes->len; id++)
    {
      SlipwayNodeInfo *node = topology_node (topology, id);
      g_autofree char *xml = domain_xml_for (topology, id, &qemu_params);
      g_autofree char *cluster = NULL;
      SlipwayRole role = SLIPWAY_N_ROLES;
      guint node_id = G_MAXUINT;
      g_autofree char *title = g_strdup_printf ("Slipway: %s — %s", NASTY_CLUSTER, node->name);

      g_assert_true (slipway_xml_parse_domain (xml, &cluster, &role, &node_id));
      g_assert_cmpstr (cluster, ==, NASTY_CLUSTER);
      g_assert_cmpint (role, ==, node->role);
      g_assert_cmpuint (node_id, ==, id);
      assert_xpath_str (xml, "/domain/title", title);
    }
}

#define DOMAIN_HEAD "<domain type='kvm'><name>vm</name><memory>1024</memory>" \
                    "<os><type>hvm</type></os>"
#define LIBOSINFO "<libosinfo:libosinfo xmlns:libosinfo='http://libosinfo.org/xmlns/libvirt/domain/1.0'>" \
                  "<libosinfo:os id='http://debian.org/debian/12'/></libosinfo:libosinfo>"
#define OURS(attrs) "<sw:node xmlns:sw='" SLIPWAY_XML_NS "' " attrs "/>"

static void
test_domain_foreign (void)
{
  char *cluster = (char *)"untouched";
  SlipwayRole role = SLIPWAY_N_ROLES;
  guint node_id = 12345;
  const char * const not_ours[] = {
    DOMAIN_HEAD "</domain>",
    DOMAIN_HEAD "<metadata/></domain>",
    DOMAIN_HEAD "<metadata>" LIBOSINFO "</metadata></domain>",
    /* our prefix and names, someone else's namespace */
    DOMAIN_HEAD "<metadata><slipway:node xmlns:slipway='https://example.org/slipway'"
    " cluster='lab' role='control' id='1'/></metadata></domain>",
    DOMAIN_HEAD "<metadata><node cluster='lab' role='control' id='1'/></metadata></domain>",
    /* broken metadata */
    DOMAIN_HEAD "<metadata>" OURS ("role='control' id='1'") "</metadata></domain>",
    DOMAIN_HEAD "<metadata>" OURS ("cluster='' role='control' id='1'") "</metadata></domain>",
    DOMAIN_HEAD "<metadata>" OURS ("cluster='lab' id='1'") "</metadata></domain>",
    DOMAIN_HEAD "<metadata>" OURS ("cluster='lab' role='master' id='1'") "</metadata></domain>",
    DOMAIN_HEAD "<metadata>" OURS ("cluster='lab' role='Control' id='1'") "</metadata></domain>",
    DOMAIN_HEAD "<metadata>" OURS ("cluster='lab' role='control'") "</metadata></domain>",
    DOMAIN_HEAD "<metadata>" OURS ("cluster='lab' role='control' id=''") "</metadata></domain>",
    DOMAIN_HEAD "<metadata>" OURS ("cluster='lab' role='control' id='-1'") "</metadata></domain>",
    DOMAIN_HEAD "<metadata>" OURS ("cluster='lab' role='control' id='1x'") "</metadata></domain>",
    DOMAIN_HEAD "<metadata>" OURS ("cluster='lab' role='control' id='244'") "</metadata></domain>",
    DOMAIN_HEAD "<metadata>" OURS ("cluster='lab' role='control' id='99999999999999999999'")
    "</metadata></domain>",
    /* in the wrong place */
    DOMAIN_HEAD "<description>" "</description>" OURS ("cluster='lab' role='control' id='1'")
    "</domain>",
    "<network><metadata>" OURS ("cluster='lab' role='control' id='1'") "</metadata></network>",
    /* not XML */
    DOMAIN_HEAD "<metadata>" OURS ("cluster='lab' role='control' id='1'"),
    "<domain>&bogus;</domain>",
    "",
  };

  for (guint i = 0; i < G_N_ELEMENTS (not_ours); i++)
    {
      g_test_message ("Not ours: %s", not_ours[i]);
      g_assert_false (slipway_xml_parse_domain (not_ours[i], &cluster, &role, &node_id));
      g_assert_cmpstr (cluster, ==, "untouched");
      g_assert_cmpint (role, ==, SLIPWAY_N_ROLES);
      g_assert_cmpuint (node_id, ==, 12345);
    }

  /* libosinfo's metadata next to ours, with another prefix: ours. */
  g_assert_true (slipway_xml_parse_domain (DOMAIN_HEAD "<metadata>" LIBOSINFO
                                           OURS ("cluster='lab' role='gateway' id='0'")
                                           "<other:x xmlns:other='urn:x'><other:node/></other:x>"
                                           "</metadata></domain>",
                                           &cluster, &role, &node_id));
  g_assert_cmpstr (cluster, ==, "lab");
  g_assert_cmpint (role, ==, SLIPWAY_ROLE_GATEWAY);
  g_assert_cmpuint (node_id, ==, 0);
  g_clear_pointer (&cluster, g_free);

  g_assert_true (slipway_xml_parse_domain (DOMAIN_HEAD "<metadata>"
                                           OURS ("cluster='lab' role='worker' id='243'")
                                           "</metadata></domain>",
                                           NULL, NULL, NULL));
}

static void
test_domain_bad_virt_type (void)
{
  if (g_test_subprocess ())
    {
      g_autoptr(TestTopology) topology = test_topology_new ("lab", 0, 1, 0);
      SlipwayDomainParams params = qemu_params;

      params.virt_type = "vmware-fusion-pro";
      g_assert_null (slipway_xml_domain (topology, topology_node (topology, 0), &params));
      return;
    }

  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_failed ();
  g_test_trap_assert_stderr ("*CRITICAL*unknown virtualisation type*vmware-fusion-pro*");
}

/* Storage */

static void
test_pool (void)
{
  g_autoptr(GVirConfigStoragePool) pool = NULL;
  g_autoptr(virConnect) conn = NULL;
  g_autoptr(virStoragePool) handle = NULL;
  g_autofree char *xml = NULL;
  char *dumped;

  pool = slipway_xml_pool ("slipway", "/var/lib/slipway/pool & co");
  g_assert_nonnull (pool);
  xml = gvir_config_object_to_xml (GVIR_CONFIG_OBJECT (pool));
  g_test_message ("%s", xml);
  assert_valid (xml, "storagepool");

  assert_xpath_str (xml, "/pool/@type", "dir");
  assert_xpath_str (xml, "/pool/name", "slipway");
  assert_xpath_str (xml, "/pool/target/path", "/var/lib/slipway/pool & co");
  assert_xpath_str (xml, "/pool/target/permissions/mode", "0711");

  /* libvirt reads the mode as octal: it must come back as 0711. */
  conn = open_test_driver ();
  handle = virStoragePoolDefineXML (conn, xml, 0);
  if (handle == NULL)
    g_error ("virStoragePoolDefineXML: %s", virGetLastErrorMessage ());
  /* The test driver knows no VIR_STORAGE_XML_INACTIVE. */
  dumped = virStoragePoolGetXMLDesc (handle, 0);
  g_assert_nonnull (dumped);
  g_test_message ("libvirt's view:\n%s", dumped);
  assert_xpath_str (dumped, "/pool/target/permissions/mode", "0711");
  assert_xpath_str (dumped, "/pool/target/path", "/var/lib/slipway/pool & co");
  free (dumped);
  g_assert_cmpint (virStoragePoolUndefine (handle), ==, 0);
}

static void
test_volume (void)
{
  g_autoptr(virConnect) conn = open_test_driver ();
  g_autoptr(virStoragePool) default_pool = virStoragePoolLookupByName (conn, "default-pool");
  const char * const formats[] = { "raw", "qcow2" };

  g_assert_nonnull (default_pool);

  for (guint i = 0; i < G_N_ELEMENTS (formats); i++)
    {
      g_autoptr(GVirConfigStorageVol) vol = NULL;
      g_autoptr(virStorageVol) handle = NULL;
      g_autofree char *name = g_strdup_printf ("lab-volume.%s", formats[i]);
      g_autofree char *xml = NULL;
      char *dumped;

      vol = slipway_xml_volume (name, G_GUINT64_CONSTANT (20) << 30, formats[i]);
      g_assert_nonnull (vol);
      xml = gvir_config_object_to_xml (GVIR_CONFIG_OBJECT (vol));
      g_test_message ("%s", xml);
      assert_valid (xml, "storagevol");

      assert_xpath_str (xml, "/volume/name", name);
      assert_xpath_str (xml, "/volume/capacity", "21474836480");
      assert_xpath_count (xml, "/volume/capacity/@unit", 0);
      assert_xpath_str (xml, "/volume/allocation", "0");
      assert_xpath_str (xml, "/volume/target/format/@type", formats[i]);
      assert_xpath_str (xml, "/volume/target/permissions/mode", "0600");
      assert_xpath_count (xml, "/volume/backingStore", 0);

      handle = virStorageVolCreateXML (default_pool, xml, 0);
      if (handle == NULL)
        g_error ("virStorageVolCreateXML: %s", virGetLastErrorMessage ());
      dumped = virStorageVolGetXMLDesc (handle, 0);
      g_assert_nonnull (dumped);
      g_test_message ("libvirt's view:\n%s", dumped);
      assert_xpath_str (dumped, "/volume/name", name);
      assert_xpath_str (dumped, "/volume/capacity", "21474836480");
      free (dumped);
      g_assert_cmpint (virStorageVolDelete (handle, 0), ==, 0);
    }
}

static void
test_overlay_volume (void)
{
  g_autoptr(GVirConfigStorageVol) vol = NULL;
  g_autofree char *xml = NULL;

  vol = slipway_xml_overlay_volume ("lab-control0.qcow2", G_GUINT64_CONSTANT (20) << 30,
                                    "/var/lib/slipway/pool/debian-12 & more.qcow2", "qcow2");
  g_assert_nonnull (vol);
  xml = gvir_config_object_to_xml (GVIR_CONFIG_OBJECT (vol));
  g_test_message ("%s", xml);
  assert_valid (xml, "storagevol");

  assert_xpath_str (xml, "/volume/name", "lab-control0.qcow2");
  assert_xpath_str (xml, "/volume/capacity", "21474836480");
  assert_xpath_str (xml, "/volume/target/format/@type", "qcow2");
  assert_xpath_str (xml, "/volume/target/permissions/mode", "0600");
  assert_xpath_str (xml, "/volume/backingStore/path", "/var/lib/slipway/pool/debian-12 & more.qcow2");
  assert_xpath_str (xml, "/volume/backingStore/format/@type", "qcow2");

  g_clear_object (&vol);
  g_clear_pointer (&xml, g_free);
  vol = slipway_xml_overlay_volume ("lab-worker0.qcow2", 1 << 30, "/pool/base.raw", "raw");
  xml = gvir_config_object_to_xml (GVIR_CONFIG_OBJECT (vol));
  assert_valid (xml, "storagevol");
  assert_xpath_str (xml, "/volume/target/format/@type", "qcow2");
  assert_xpath_str (xml, "/volume/backingStore/format/@type", "raw");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/slipway/xml/network/nat", test_network_nat);
  g_test_add_func ("/slipway/xml/network/isolated", test_network_isolated);
  g_test_add_func ("/slipway/xml/network/api-address", test_network_api_address);
  g_test_add_func ("/slipway/xml/network/escaping", test_network_escaping);
  g_test_add_func ("/slipway/xml/network/invalid-chars", test_network_invalid_chars);
  g_test_add_func ("/slipway/xml/network/define", test_network_define);
  g_test_add_func ("/slipway/xml/network/foreign", test_network_foreign);
  g_test_add_data_func ("/slipway/xml/domain/valid/kvm", &kvm_params, test_domain_valid);
  g_test_add_data_func ("/slipway/xml/domain/valid/qemu", &qemu_params, test_domain_valid);
  g_test_add_data_func ("/slipway/xml/domain/valid/test", &test_params, test_domain_valid);
  g_test_add_data_func ("/slipway/xml/domain/valid/session", &session_params, test_domain_valid);
  g_test_add_data_func ("/slipway/xml/domain/valid/io-uring", &io_uring_params, test_domain_valid);
  g_test_add_func ("/slipway/xml/domain/content", test_domain_content);
  g_test_add_func ("/slipway/xml/domain/kvm", test_domain_kvm);
  g_test_add_func ("/slipway/xml/domain/virsh-define", test_domain_virsh_define);
  g_test_add_func ("/slipway/xml/domain/api-define", test_domain_api_define);
  g_test_add_func ("/slipway/xml/domain/parse-round-trip", test_domain_parse_round_trip);
  g_test_add_func ("/slipway/xml/domain/foreign", test_domain_foreign);
  g_test_add_func ("/slipway/xml/domain/bad-virt-type", test_domain_bad_virt_type);
  g_test_add_func ("/slipway/xml/pool", test_pool);
  g_test_add_func ("/slipway/xml/volume/plain", test_volume);
  g_test_add_func ("/slipway/xml/volume/overlay", test_overlay_volume);

  return g_test_run ();
}
