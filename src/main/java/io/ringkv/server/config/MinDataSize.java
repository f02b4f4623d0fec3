package io.ringkv.server.config;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.util.unit.DataSize;

/** The annotated {@link DataSize} is at least {@link #value()} bytes. */
@Target({ElementType.FIELD, ElementType.PARAMETER, ElementType.RECORD_COMPONENT, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@Constraint(validatedBy = MinDataSize.Validator.class)
public @interface MinDataSize {
    /** The smallest allowed size in bytes. */
    long value();

    String message() default "must be at least {value} bytes";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    /** Checks {@link MinDataSize}. */
    final class Validator implements ConstraintValidator<MinDataSize, DataSize> {
        private long min;

        @Override
        public void initialize(MinDataSize annotation) {
            min = annotation.value();
        }

        @Override
        public boolean isValid(DataSize value, ConstraintValidatorContext context) {
            return value == null || value.toBytes() >= min;
        }
    }
}
