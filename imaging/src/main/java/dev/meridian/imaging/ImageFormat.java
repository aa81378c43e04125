package dev.meridian.imaging;

import java.util.Optional;

/** The formats Meridian reads; JPEG, PNG and GIF are also written. */
public enum ImageFormat {
    JPEG("jpeg", "image/jpeg"),
    PNG("png", "image/png"),
    GIF("gif", "image/gif"),
    WEBP("webp", "image/webp");

    private final String imageIoName;
    private final String contentType;

    ImageFormat(String imageIoName, String contentType) {
        this.imageIoName = imageIoName;
        this.contentType = contentType;
    }

    public String imageIoName() {
        return imageIoName;
    }

    public String contentType() {
        return contentType;
    }

    /** Recognises a format by its magic bytes, never by a name or a Content-Type the client sent. */
    public static Optional<ImageFormat> sniff(byte[] data) {
        if (data.length >= 3 && (data[0] & 0xff) == 0xFF && (data[1] & 0xff) == 0xD8 && (data[2] & 0xff) == 0xFF) {
            return Optional.of(JPEG);
        }
        if (data.length >= 8 && (data[0] & 0xff) == 0x89 && data[1] == 'P' && data[2] == 'N' && data[3] == 'G'
                && data[4] == 0x0D && data[5] == 0x0A && data[6] == 0x1A && data[7] == 0x0A) {
            return Optional.of(PNG);
        }
        if (data.length >= 6 && data[0] == 'G' && data[1] == 'I' && data[2] == 'F' && data[3] == '8'
                && (data[4] == '7' || data[4] == '9') && data[5] == 'a') {
            return Optional.of(GIF);
        }
        if (data.length >= 12 && data[0] == 'R' && data[1] == 'I' && data[2] == 'F' && data[3] == 'F'
                && data[8] == 'W' && data[9] == 'E' && data[10] == 'B' && data[11] == 'P') {
            return Optional.of(WEBP);
        }
        return Optional.empty();
    }
}
