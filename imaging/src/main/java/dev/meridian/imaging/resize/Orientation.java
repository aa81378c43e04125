package dev.meridian.imaging.resize;

import java.awt.Rectangle;
import java.awt.image.BufferedImage;
import java.awt.image.WritableRaster;

/**
 * EXIF orientation (1..8) as pixel moves. Renders resize first and orient the small result, so the
 * quarter turns cost little; crops are planned in displayed coordinates and mapped back with
 * {@link #toStored}.
 */
public final class Orientation {
    private Orientation() {
    }

    public static boolean transposes(int orientation) {
        return orientation >= 5 && orientation <= 8;
    }

    /** The stored-image rectangle that shows as the given displayed rectangle. */
    public static Rectangle toStored(int orientation, Rectangle shown, int storedWidth, int storedHeight) {
        int[] a = storedPoint(orientation, shown.x, shown.y, storedWidth, storedHeight);
        int[] b = storedPoint(orientation, shown.x + shown.width - 1, shown.y + shown.height - 1, storedWidth, storedHeight);
        int x = Math.min(a[0], b[0]);
        int y = Math.min(a[1], b[1]);
        return new Rectangle(x, y, Math.abs(a[0] - b[0]) + 1, Math.abs(a[1] - b[1]) + 1);
    }

    /** The image as displayed. */
    public static BufferedImage apply(int orientation, BufferedImage stored) {
        if (orientation <= 1 || orientation > 8) {
            return stored;
        }
        int w = stored.getWidth();
        int h = stored.getHeight();
        int outW = transposes(orientation) ? h : w;
        int outH = transposes(orientation) ? w : h;
        WritableRaster from = stored.getRaster();
        WritableRaster to = from.createCompatibleWritableRaster(outW, outH);
        Object pixel = null;
        for (int y = 0; y < outH; y++) {
            for (int x = 0; x < outW; x++) {
                int[] s = storedPoint(orientation, x, y, w, h);
                pixel = from.getDataElements(s[0], s[1], pixel);
                to.setDataElements(x, y, pixel);
            }
        }
        return new BufferedImage(stored.getColorModel(), to, stored.isAlphaPremultiplied(), null);
    }

    /** The stored pixel shown at displayed (x, y), for a stored image of w x h. */
    private static int[] storedPoint(int orientation, int x, int y, int w, int h) {
        return switch (orientation) {
            case 2 -> new int[] {w - 1 - x, y};
            case 3 -> new int[] {w - 1 - x, h - 1 - y};
            case 4 -> new int[] {x, h - 1 - y};
            case 5 -> new int[] {y, x};
            case 6 -> new int[] {y, h - 1 - x};
            case 7 -> new int[] {w - 1 - y, h - 1 - x};
            case 8 -> new int[] {w - 1 - y, x};
            default -> new int[] {x, y};
        };
    }
}
