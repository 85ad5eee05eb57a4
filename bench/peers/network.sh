# network.sh — sourced by the peer scripts: the isolated libvirt network both
# peers use, made the way tutorials write it (XML from a template, virsh).
# Needs PREFIX, NODES, SUBNET3, MACPFX and DIR (see script-way.sh).

net=$PREFIX-net

make_network () {
  local hosts="" i=0
  for n in $NODES; do
    hosts+="      <host mac='$MACPFX:$(printf %02x $i)' name='$n' ip='$SUBNET3.$((10 + i))'/>"$'\n'
    i=$((i + 1))
  done
  cat > "$DIR/$net.xml" <<XML
<network>
  <name>$net</name>
  <domain name='$PREFIX.test' localOnly='yes'/>
  <ip address='$SUBNET3.1' netmask='255.255.255.0'>
    <dhcp>
      <range start='$SUBNET3.128' end='$SUBNET3.254'/>
$hosts    </dhcp>
  </ip>
</network>
XML
  virsh -q net-define "$DIR/$net.xml" >/dev/null
  virsh -q net-start "$net" >/dev/null
}

remove_network () {
  virsh -q net-destroy "$net" >/dev/null 2>&1 || true
  virsh -q net-undefine "$net" >/dev/null 2>&1 || true
  rm -f "$DIR/$net.xml"
}
