package io.faalive.serving.faa;

/**
 * The little dense linear algebra the likelihood-ratio scorers need: symmetric positive definite
 * systems and symmetric eigendecomposition.
 */
public final class Linalg {

    private Linalg() {}

    /** Lower Cholesky factor of a symmetric positive definite matrix. */
    public static double[][] cholesky(double[][] a) {
        int n = a.length;
        double[][] l = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j <= i; j++) {
                double sum = a[i][j];
                for (int k = 0; k < j; k++) {
                    sum -= l[i][k] * l[j][k];
                }
                if (i == j) {
                    if (sum <= 0) {
                        throw new ArithmeticException("matrix is not positive definite (pivot " + i + ")");
                    }
                    l[i][i] = Math.sqrt(sum);
                } else {
                    l[i][j] = sum / l[j][j];
                }
            }
        }
        return l;
    }

    /** Solves A X = B for X given the Cholesky factor L of A (A = L L'); B has one column per right-hand side. */
    public static double[][] solve(double[][] chol, double[][] b) {
        return upperSolve(chol, lowerSolve(chol, b));
    }

    /** L^-1 B for lower-triangular L. */
    public static double[][] lowerSolve(double[][] l, double[][] b) {
        int n = l.length;
        int m = b[0].length;
        double[][] x = new double[n][m];
        for (int c = 0; c < m; c++) {
            for (int i = 0; i < n; i++) {
                double s = b[i][c];
                for (int k = 0; k < i; k++) {
                    s -= l[i][k] * x[k][c];
                }
                x[i][c] = s / l[i][i];
            }
        }
        return x;
    }

    /** L^-T B for lower-triangular L. */
    public static double[][] upperSolve(double[][] l, double[][] b) {
        int n = l.length;
        int m = b[0].length;
        double[][] x = new double[n][m];
        for (int c = 0; c < m; c++) {
            for (int i = n - 1; i >= 0; i--) {
                double s = b[i][c];
                for (int k = i + 1; k < n; k++) {
                    s -= l[k][i] * x[k][c];
                }
                x[i][c] = s / l[i][i];
            }
        }
        return x;
    }

    public static double[][] inverse(double[][] a) {
        int n = a.length;
        double[][] eye = new double[n][n];
        for (int i = 0; i < n; i++) {
            eye[i][i] = 1;
        }
        return solve(cholesky(a), eye);
    }

    public static double logDet(double[][] a) {
        double[][] l = cholesky(a);
        double s = 0;
        for (int i = 0; i < l.length; i++) {
            s += 2 * Math.log(l[i][i]);
        }
        return s;
    }

    /** x^T M x. */
    public static double quadratic(double[] x, double[][] m) {
        double s = 0;
        for (int i = 0; i < x.length; i++) {
            double row = 0;
            for (int j = 0; j < x.length; j++) {
                row += m[i][j] * x[j];
            }
            s += x[i] * row;
        }
        return s;
    }

    /**
     * Eigendecomposition of a symmetric matrix by cyclic Jacobi rotations: eigenvalues in
     * descending order and the matching eigenvectors as the columns of {@code vectors}.
     */
    public record Eigen(double[] values, double[][] vectors) {}

    public static Eigen symmetricEigen(double[][] matrix) {
        int n = matrix.length;
        double[][] a = new double[n][];
        double[][] v = new double[n][n];
        for (int i = 0; i < n; i++) {
            a[i] = matrix[i].clone();
            v[i][i] = 1;
        }
        for (int sweep = 0; sweep < 100; sweep++) {
            double off = 0;
            double total = 0;
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    total += a[i][j] * a[i][j];
                    if (i != j) {
                        off += a[i][j] * a[i][j];
                    }
                }
            }
            if (off <= 1e-22 * Math.max(total, Double.MIN_NORMAL)) {
                break;
            }
            for (int p = 0; p < n - 1; p++) {
                for (int q = p + 1; q < n; q++) {
                    if (Math.abs(a[p][q]) < 1e-300) {
                        continue;
                    }
                    double theta = (a[q][q] - a[p][p]) / (2 * a[p][q]);
                    double t = Math.signum(theta) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
                    if (theta == 0) {
                        t = 1;
                    }
                    double c = 1 / Math.sqrt(t * t + 1);
                    double s = t * c;
                    for (int k = 0; k < n; k++) { // columns p, q of A
                        double akp = a[k][p];
                        double akq = a[k][q];
                        a[k][p] = c * akp - s * akq;
                        a[k][q] = s * akp + c * akq;
                    }
                    for (int k = 0; k < n; k++) { // rows p, q of A
                        double apk = a[p][k];
                        double aqk = a[q][k];
                        a[p][k] = c * apk - s * aqk;
                        a[q][k] = s * apk + c * aqk;
                    }
                    for (int k = 0; k < n; k++) {
                        double vkp = v[k][p];
                        double vkq = v[k][q];
                        v[k][p] = c * vkp - s * vkq;
                        v[k][q] = s * vkp + c * vkq;
                    }
                }
            }
        }
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        java.util.Arrays.sort(order, (x, y) -> Double.compare(a[y][y], a[x][x]));
        double[] values = new double[n];
        double[][] vectors = new double[n][n];
        for (int c = 0; c < n; c++) {
            values[c] = a[order[c]][order[c]];
            for (int r = 0; r < n; r++) {
                vectors[r][c] = v[r][order[c]];
            }
        }
        return new Eigen(values, vectors);
    }
}
