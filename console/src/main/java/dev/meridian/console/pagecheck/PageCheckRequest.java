package dev.meridian.console.pagecheck;

import java.util.List;

/**
 * A page check as a customer asks for it ({@code POST /v1/pagecheck}).
 *
 * @param url      the page, on one of the customer's CDN hostnames
 * @param pops     the POPs to load it from; empty means every POP
 * @param twice    load twice and report the second load (warm cache)
 * @param customer whose page it is: only an operator names one; a customer's token or login implies it
 */
public record PageCheckRequest(String url, List<String> pops, Boolean twice, String customer) {
    public PageCheckRequest {
        pops = pops == null ? List.of() : List.copyOf(pops);
        twice = twice != null && twice;
    }
}
