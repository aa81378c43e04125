package dev.meridian.edge.inject;

import dev.meridian.core.config.ImagingConfig;
import dev.meridian.edge.speed.SpeedCookie;

/**
 * The two scripts the edge puts into a page. The first notes when parsing began; the last, once the
 * page has loaded, computes the page's download rate and stores {@code kbps.class.time} in the
 * {@link SpeedCookie}. Navigation Timing Level 2 ({@code transferSize} over {@code responseEnd -
 * responseStart}) is the precise signal; without it the two scripts' own timestamps over the bytes
 * the edge counted between them are used. A page the browser took from its own cache says nothing
 * about the network and is not measured.
 */
public final class MeasurementScripts {
    private final String start;
    private final String endTemplate;

    public MeasurementScripts(ImagingConfig config) {
        StringBuilder thresholds = new StringBuilder("[");
        for (ImagingConfig.SpeedClass c : config.classes()) {
            if (c.belowKbps() != null) {
                thresholds.append(thresholds.length() > 1 ? "," : "").append('[').append(c.belowKbps()).append(",'")
                        .append(c.name()).append("']");
            }
        }
        thresholds.append(']');
        String fastest = config.classes().get(config.classes().size() - 1).name();
        this.start = "<script>window.__mrdn={t0:performance.now()};</script>";
        this.endTemplate = "<script>(function(){var m=window.__mrdn;if(!m)return;m.t1=performance.now();"
                + "function go(){try{var r=0,n=performance.getEntriesByType&&performance.getEntriesByType('navigation')[0];"
                + "if(n&&n.transferSize===0&&n.decodedBodySize>0)return;"
                // Under a millisecond (a fast link, a small page) counts as one: the rate is then merely "very high".
                + "if(n&&n.transferSize>0&&n.responseEnd>0){r=n.transferSize*8/Math.max(1,n.responseEnd-n.responseStart);}"
                + "else{r=BYTES*8/Math.max(1,m.t1-m.t0);}"
                + "var k=Math.max(1,Math.round(r)),t=" + thresholds + ",c='" + fastest + "';"
                + "for(var i=0;i<t.length;i++){if(k<t[i][0]){c=t[i][1];break;}}"
                + "document.cookie='" + SpeedCookie.NAME + "='+k+'.'+c+'.'+Math.floor(Date.now()/1000)"
                + "+';path=/;max-age=" + config.remeasure().toSeconds() + ";SameSite=Lax';}catch(e){}}"
                + "if(document.readyState==='complete')go();else addEventListener('load',go);})();</script>";
    }

    /** The script that goes at the very start of the document. */
    public String start() {
        return start;
    }

    /** The script that goes at the end, knowing how many bytes lie between the two. */
    public String end(long bytesBetween) {
        return endTemplate.replace("BYTES", Long.toString(bytesBetween));
    }
}
