package io.github.lsbaws.testapps;

/**
 * A thousand virtual call sites (a hundred methods of ten calls each), for {@link JitChildApps}:
 * every site sees only squares while the parent compiles the methods, so each compiled site is
 * an inline cache bound to Square; given a hexagon in a child, each one turns megamorphic. Polygon
 * has two loaded implementations, so no site is bound by class-hierarchy analysis.
 */
final class JitCallSites {
    abstract static class Polygon {
        abstract long sides();
    }

    static final class Square extends Polygon {
        @Override
        long sides() {
            return 4;
        }
    }

    static final class Hexagon extends Polygon {
        @Override
        long sides() {
            return 6;
        }
    }

    private JitCallSites() {}

    /** Every site once with that receiver; the sum of their sides. */
    static long callEverySite(Polygon p) {
        long total = 0;
        total += site0(p);
        total += site1(p);
        total += site2(p);
        total += site3(p);
        total += site4(p);
        total += site5(p);
        total += site6(p);
        total += site7(p);
        total += site8(p);
        total += site9(p);
        total += site10(p);
        total += site11(p);
        total += site12(p);
        total += site13(p);
        total += site14(p);
        total += site15(p);
        total += site16(p);
        total += site17(p);
        total += site18(p);
        total += site19(p);
        total += site20(p);
        total += site21(p);
        total += site22(p);
        total += site23(p);
        total += site24(p);
        total += site25(p);
        total += site26(p);
        total += site27(p);
        total += site28(p);
        total += site29(p);
        total += site30(p);
        total += site31(p);
        total += site32(p);
        total += site33(p);
        total += site34(p);
        total += site35(p);
        total += site36(p);
        total += site37(p);
        total += site38(p);
        total += site39(p);
        total += site40(p);
        total += site41(p);
        total += site42(p);
        total += site43(p);
        total += site44(p);
        total += site45(p);
        total += site46(p);
        total += site47(p);
        total += site48(p);
        total += site49(p);
        total += site50(p);
        total += site51(p);
        total += site52(p);
        total += site53(p);
        total += site54(p);
        total += site55(p);
        total += site56(p);
        total += site57(p);
        total += site58(p);
        total += site59(p);
        total += site60(p);
        total += site61(p);
        total += site62(p);
        total += site63(p);
        total += site64(p);
        total += site65(p);
        total += site66(p);
        total += site67(p);
        total += site68(p);
        total += site69(p);
        total += site70(p);
        total += site71(p);
        total += site72(p);
        total += site73(p);
        total += site74(p);
        total += site75(p);
        total += site76(p);
        total += site77(p);
        total += site78(p);
        total += site79(p);
        total += site80(p);
        total += site81(p);
        total += site82(p);
        total += site83(p);
        total += site84(p);
        total += site85(p);
        total += site86(p);
        total += site87(p);
        total += site88(p);
        total += site89(p);
        total += site90(p);
        total += site91(p);
        total += site92(p);
        total += site93(p);
        total += site94(p);
        total += site95(p);
        total += site96(p);
        total += site97(p);
        total += site98(p);
        total += site99(p);
        return total;
    }

    private static long site0(Polygon p) {
        return p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides();
    }

    private static long site1(Polygon p) {
        return p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides();
    }

    private static long site2(Polygon p) {
        return p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides();
    }

    private static long site3(Polygon p) {
        return p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides();
    }

    private static long site4(Polygon p) {
        return p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides();
    }

    private static long site5(Polygon p) {
        return p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides();
    }

    private static long site6(Polygon p) {
        return p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides();
    }

    private static long site7(Polygon p) {
        return p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides();
    }

    private static long site8(Polygon p) {
        return p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides();
    }

    private static long site9(Polygon p) {
        return p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides();
    }

    private static long site10(Polygon p) {
        return p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides();
    }

    private static long site11(Polygon p) {
        return p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides();
    }

    private static long site12(Polygon p) {
        return p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides();
    }

    private static long site13(Polygon p) {
        return p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides();
    }

    private static long site14(Polygon p) {
        return p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides();
    }

    private static long site15(Polygon p) {
        return p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides();
    }

    private static long site16(Polygon p) {
        return p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides();
    }

    private static long site17(Polygon p) {
        return p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides();
    }

    private static long site18(Polygon p) {
        return p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides();
    }

    private static long site19(Polygon p) {
        return p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides();
    }

    private static long site20(Polygon p) {
        return p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides();
    }

    private static long site21(Polygon p) {
        return p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides();
    }

    private static long site22(Polygon p) {
        return p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides();
    }

    private static long site23(Polygon p) {
        return p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides();
    }

    private static long site24(Polygon p) {
        return p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides();
    }

    private static long site25(Polygon p) {
        return p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides();
    }

    private static long site26(Polygon p) {
        return p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides();
    }

    private static long site27(Polygon p) {
        return p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides();
    }

    private static long site28(Polygon p) {
        return p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides();
    }

    private static long site29(Polygon p) {
        return p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides();
    }

    private static long site30(Polygon p) {
        return p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides();
    }

    private static long site31(Polygon p) {
        return p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides();
    }

    private static long site32(Polygon p) {
        return p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides();
    }

    private static long site33(Polygon p) {
        return p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides();
    }

    private static long site34(Polygon p) {
        return p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides();
    }

    private static long site35(Polygon p) {
        return p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides();
    }

    private static long site36(Polygon p) {
        return p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides();
    }

    private static long site37(Polygon p) {
        return p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides();
    }

    private static long site38(Polygon p) {
        return p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides();
    }

    private static long site39(Polygon p) {
        return p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides();
    }

    private static long site40(Polygon p) {
        return p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides();
    }

    private static long site41(Polygon p) {
        return p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides();
    }

    private static long site42(Polygon p) {
        return p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides();
    }

    private static long site43(Polygon p) {
        return p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides();
    }

    private static long site44(Polygon p) {
        return p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides();
    }

    private static long site45(Polygon p) {
        return p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides();
    }

    private static long site46(Polygon p) {
        return p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides();
    }

    private static long site47(Polygon p) {
        return p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides();
    }

    private static long site48(Polygon p) {
        return p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides();
    }

    private static long site49(Polygon p) {
        return p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides();
    }

    private static long site50(Polygon p) {
        return p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides();
    }

    private static long site51(Polygon p) {
        return p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides();
    }

    private static long site52(Polygon p) {
        return p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides();
    }

    private static long site53(Polygon p) {
        return p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides();
    }

    private static long site54(Polygon p) {
        return p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides();
    }

    private static long site55(Polygon p) {
        return p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides();
    }

    private static long site56(Polygon p) {
        return p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides();
    }

    private static long site57(Polygon p) {
        return p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides();
    }

    private static long site58(Polygon p) {
        return p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides();
    }

    private static long site59(Polygon p) {
        return p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides();
    }

    private static long site60(Polygon p) {
        return p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides();
    }

    private static long site61(Polygon p) {
        return p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides();
    }

    private static long site62(Polygon p) {
        return p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides();
    }

    private static long site63(Polygon p) {
        return p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides();
    }

    private static long site64(Polygon p) {
        return p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides();
    }

    private static long site65(Polygon p) {
        return p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides();
    }

    private static long site66(Polygon p) {
        return p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides();
    }

    private static long site67(Polygon p) {
        return p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides();
    }

    private static long site68(Polygon p) {
        return p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides();
    }

    private static long site69(Polygon p) {
        return p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides();
    }

    private static long site70(Polygon p) {
        return p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides();
    }

    private static long site71(Polygon p) {
        return p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides();
    }

    private static long site72(Polygon p) {
        return p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides();
    }

    private static long site73(Polygon p) {
        return p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides();
    }

    private static long site74(Polygon p) {
        return p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides();
    }

    private static long site75(Polygon p) {
        return p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides();
    }

    private static long site76(Polygon p) {
        return p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides();
    }

    private static long site77(Polygon p) {
        return p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides();
    }

    private static long site78(Polygon p) {
        return p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides();
    }

    private static long site79(Polygon p) {
        return p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides();
    }

    private static long site80(Polygon p) {
        return p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides();
    }

    private static long site81(Polygon p) {
        return p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides();
    }

    private static long site82(Polygon p) {
        return p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides();
    }

    private static long site83(Polygon p) {
        return p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides();
    }

    private static long site84(Polygon p) {
        return p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides();
    }

    private static long site85(Polygon p) {
        return p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides();
    }

    private static long site86(Polygon p) {
        return p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides();
    }

    private static long site87(Polygon p) {
        return p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides();
    }

    private static long site88(Polygon p) {
        return p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides();
    }

    private static long site89(Polygon p) {
        return p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides();
    }

    private static long site90(Polygon p) {
        return p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides();
    }

    private static long site91(Polygon p) {
        return p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides();
    }

    private static long site92(Polygon p) {
        return p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides();
    }

    private static long site93(Polygon p) {
        return p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides();
    }

    private static long site94(Polygon p) {
        return p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides();
    }

    private static long site95(Polygon p) {
        return p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides();
    }

    private static long site96(Polygon p) {
        return p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides();
    }

    private static long site97(Polygon p) {
        return p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides();
    }

    private static long site98(Polygon p) {
        return p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides();
    }

    private static long site99(Polygon p) {
        return p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides() + p.sides();
    }
}
