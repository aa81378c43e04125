package dev.meridian.imaging.resize;

import java.awt.AlphaComposite;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.DataBufferByte;
import java.awt.image.PixelInterleavedSampleModel;
import java.awt.image.Raster;

/** Puts images in the one layout the fast paths work on: 8-bit samples, interleaved in one byte array. */
public final class Pixels {
    private Pixels() {
    }

    /**
     * The image itself when it already is 8-bit interleaved (alpha premultiplied, so filters do not
     * bleed colour out of transparent pixels), else a copy as 3-byte BGR or premultiplied 4-byte ABGR.
     */
    public static BufferedImage interleaved(BufferedImage image) {
        if (isInterleaved(image)) {
            return image;
        }
        boolean alpha = image.getColorModel().hasAlpha();
        BufferedImage copy = new BufferedImage(image.getWidth(), image.getHeight(),
                alpha ? BufferedImage.TYPE_4BYTE_ABGR_PRE : BufferedImage.TYPE_3BYTE_BGR);
        Graphics2D g = copy.createGraphics();
        try {
            g.setComposite(AlphaComposite.Src);
            g.drawImage(image, 0, 0, null);
        } finally {
            g.dispose();
        }
        return copy;
    }

    public static boolean isInterleaved(BufferedImage image) {
        Raster raster = image.getRaster();
        ColorModel cm = image.getColorModel();
        if (!(raster.getDataBuffer() instanceof DataBufferByte buffer)
                || !(raster.getSampleModel() instanceof PixelInterleavedSampleModel sm)
                || raster.getParent() != null || raster.getSampleModelTranslateX() != 0
                || raster.getSampleModelTranslateY() != 0 || buffer.getNumBanks() != 1 || buffer.getOffset() != 0) {
            return false;
        }
        for (int bits : cm.getComponentSize()) {
            if (bits != 8) {
                return false;
            }
        }
        return cm.getNumComponents() == sm.getNumBands() && sm.getPixelStride() == sm.getNumBands()
                && sm.getScanlineStride() == sm.getPixelStride() * image.getWidth()
                && (!cm.hasAlpha() || cm.isAlphaPremultiplied());
    }

    public static byte[] bytes(BufferedImage interleaved) {
        return ((DataBufferByte) interleaved.getRaster().getDataBuffer()).getData();
    }

    /** An empty image of the same layout (band order included) and colour model. */
    public static BufferedImage like(BufferedImage image, int width, int height) {
        ColorModel cm = image.getColorModel();
        return new BufferedImage(cm, image.getRaster().createCompatibleWritableRaster(width, height),
                cm.isAlphaPremultiplied(), null);
    }
}
