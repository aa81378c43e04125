package dev.meridian.imaging.resize;

import java.awt.Rectangle;
import java.awt.image.BufferedImage;
import org.imgscalr.Scalr;

/** imgscalr's ULTRA_QUALITY (stepwise halving, bicubic): the reference Java path, kept to compare against. */
public final class ImgscalrResampler implements Resampler {
    @Override
    public BufferedImage resize(BufferedImage source, Rectangle region, int width, int height) {
        BufferedImage from = source;
        if (region.x != 0 || region.y != 0 || region.width != source.getWidth() || region.height != source.getHeight()) {
            from = Scalr.crop(source, region.x, region.y, region.width, region.height);
        }
        if (from.getWidth() == width && from.getHeight() == height) {
            return from;
        }
        return Scalr.resize(from, Scalr.Method.ULTRA_QUALITY, Scalr.Mode.FIT_EXACT, width, height);
    }
}
