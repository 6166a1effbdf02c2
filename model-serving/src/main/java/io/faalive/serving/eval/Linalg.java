package io.faalive.serving.eval;

/** The little dense linear algebra the ceiling scorer needs (symmetric positive definite systems). */
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

    /** Solves A X = B for X given the Cholesky factor of A; B has one column per right-hand side. */
    public static double[][] solve(double[][] chol, double[][] b) {
        int n = chol.length;
        int m = b[0].length;
        double[][] x = new double[n][m];
        for (int c = 0; c < m; c++) {
            double[] y = new double[n];
            for (int i = 0; i < n; i++) {
                double s = b[i][c];
                for (int k = 0; k < i; k++) {
                    s -= chol[i][k] * y[k];
                }
                y[i] = s / chol[i][i];
            }
            for (int i = n - 1; i >= 0; i--) {
                double s = y[i];
                for (int k = i + 1; k < n; k++) {
                    s -= chol[k][i] * x[k][c];
                }
                x[i][c] = s / chol[i][i];
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
}
