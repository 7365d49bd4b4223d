package io.storagedrivers.cli.storage;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Set;
import java.util.TreeSet;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;

import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.SAXException;

import io.storagedrivers.cli.DriverMain;
import io.storagedrivers.cli.ExitCode;
import io.storagedrivers.exec.Command;
import io.storagedrivers.exec.CommandFailedException;
import io.storagedrivers.exec.CommandResult;
import io.storagedrivers.exec.CommandRunner;

/**
 * The ids of the VMs OpenNebula still has, from {@code onevm list -x} (a {@code VM_POOL} document;
 * VMs in DONE are not listed). Run as oneadmin: other users only see their own VMs. The program is
 * {@code $ONEVM} when set, else {@code onevm} from PATH.
 */
final class OneVmList {

    private OneVmList() {
    }

    static Set<Long> liveVmIds(CommandRunner runner, String program) {
        CommandResult r;
        try {
            r = runner.run(Command.of(program, "list", "-x"));
        } catch (CommandFailedException e) {
            throw new CliException(ExitCode.FAILED, "cannot list OpenNebula VMs (" + program + " list -x): "
                    + DriverMain.firstLine(e.getMessage()));
        }
        return parse(r.stdoutBytes());
    }

    static Set<Long> parse(byte[] xml) {
        Element root;
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            DocumentBuilder b = f.newDocumentBuilder();
            b.setErrorHandler(null);
            root = b.parse(new ByteArrayInputStream(xml)).getDocumentElement();
        } catch (ParserConfigurationException | SAXException | IOException e) {
            throw malformed(DriverMain.firstLine(e.getMessage()));
        }
        if (!"VM_POOL".equals(root.getTagName())) {
            throw malformed("root element is <" + root.getTagName() + ">, not <VM_POOL>");
        }
        Set<Long> ids = new TreeSet<>();
        for (Node n = root.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element vm && "VM".equals(vm.getTagName())) {
                ids.add(vmId(vm));
            }
        }
        return ids;
    }

    private static long vmId(Element vm) {
        for (Node n = vm.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && "ID".equals(e.getTagName())) {
                try {
                    return Long.parseLong(e.getTextContent().strip());
                } catch (NumberFormatException ex) {
                    throw malformed("VM ID '" + e.getTextContent().strip() + "' is not a number");
                }
            }
        }
        throw malformed("a <VM> has no <ID>");
    }

    private static CliException malformed(String why) {
        return new CliException(ExitCode.FAILED, "onevm list -x printed unusable XML: " + why);
    }
}
