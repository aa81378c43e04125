package dev.meridian.imaging.encode;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Iterator;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.metadata.IIOInvalidTreeException;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.stream.MemoryCacheImageOutputStream;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * Writes baseline or progressive JPEG with the JDK's libjpeg-based writer. Progressive output uses
 * {@link ScanScript} instead of libjpeg's default: the writer takes a scan script from the image
 * metadata's SOS nodes when told to copy the progressive mode from metadata. No source metadata is
 * ever passed in, so EXIF, XMP and ICC segments of the original are not carried over.
 */
public final class JpegEncoder {
    private static final String FORMAT = "javax_imageio_jpeg_image_1.0";

    /** @param image opaque 8-bit RGB or gray, in sRGB */
    public byte[] encode(BufferedImage image, int quality, boolean progressive) {
        ImageWriter writer = jdkWriter();
        ByteArrayOutputStream out = new ByteArrayOutputStream(Math.max(4096, image.getWidth() * image.getHeight() / 4));
        try (MemoryCacheImageOutputStream stream = new MemoryCacheImageOutputStream(out)) {
            writer.setOutput(stream);
            ImageWriteParam param = writer.getDefaultWriteParam();
            param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            param.setCompressionQuality(quality / 100f);
            IIOMetadata metadata = null;
            if (progressive) {
                param.setProgressiveMode(ImageWriteParam.MODE_COPY_FROM_METADATA);
                metadata = writer.getDefaultImageMetadata(ImageTypeSpecifier.createFromRenderedImage(image), param);
                withScanScript(metadata, ScanScript.forComponents(image.getRaster().getNumBands()));
            }
            writer.write(null, new IIOImage(image, null, metadata), param);
        } catch (IOException e) {
            throw new UncheckedIOException("writing JPEG to memory", e);
        } finally {
            writer.dispose();
        }
        return out.toByteArray();
    }

    /** Marks the frame progressive (SOF2) and replaces the SOS nodes with the script's scans. */
    private static void withScanScript(IIOMetadata metadata, ScanScript script) throws IIOInvalidTreeException {
        Element root = (Element) metadata.getAsTree(FORMAT);
        Element markers = (Element) root.getElementsByTagName("markerSequence").item(0);
        Element sof = (Element) markers.getElementsByTagName("sof").item(0);
        sof.setAttribute("process", "2");
        int[] componentIds = new int[sof.getElementsByTagName("componentSpec").getLength()];
        for (int i = 0; i < componentIds.length; i++) {
            componentIds[i] = Integer.parseInt(((Element) sof.getElementsByTagName("componentSpec").item(i))
                    .getAttribute("componentId"));
        }
        for (Node sos; (sos = markers.getElementsByTagName("sos").item(0)) != null; ) {
            markers.removeChild(sos);
        }
        for (ScanScript.Scan scan : script.scans()) {
            Element sos = new javax.imageio.metadata.IIOMetadataNode("sos");
            sos.setAttribute("numScanComponents", Integer.toString(scan.components().length));
            sos.setAttribute("startSpectralSelection", Integer.toString(scan.ss()));
            sos.setAttribute("endSpectralSelection", Integer.toString(scan.se()));
            sos.setAttribute("approxHigh", Integer.toString(scan.ah()));
            sos.setAttribute("approxLow", Integer.toString(scan.al()));
            for (int c : scan.components()) {
                Element spec = new javax.imageio.metadata.IIOMetadataNode("scanComponentSpec");
                spec.setAttribute("componentSelector", Integer.toString(componentIds[c]));
                spec.setAttribute("dcHuffTable", c == 0 ? "0" : "1");
                spec.setAttribute("acHuffTable", c == 0 ? "0" : "1");
                sos.appendChild(spec);
            }
            markers.appendChild(sos);
        }
        metadata.setFromTree(FORMAT, root);
    }

    /** The JDK's own writer: TwelveMonkeys' wraps it and would only add work here. */
    private static ImageWriter jdkWriter() {
        Iterator<ImageWriter> writers = ImageIO.getImageWritersByFormatName("jpeg");
        ImageWriter chosen = null;
        while (writers.hasNext()) {
            ImageWriter w = writers.next();
            if (chosen == null || w.getClass().getName().startsWith("com.sun.imageio")) {
                if (chosen != null) {
                    chosen.dispose();
                }
                chosen = w;
            } else {
                w.dispose();
            }
        }
        if (chosen == null) {
            throw new IllegalStateException("no JPEG writer in this JVM");
        }
        return chosen;
    }
}
